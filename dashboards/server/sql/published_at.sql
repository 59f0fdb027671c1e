-- GET /healthz: when the held snapshot was published.
SELECT published_at FROM snapshot_info WHERE published_at IS NOT NULL LIMIT 1;
