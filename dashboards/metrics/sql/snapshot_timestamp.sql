-- setara_snapshot_timestamp_seconds: when the snapshot was published (Unix seconds).
SELECT CAST(epoch(published_at) AS DOUBLE)
FROM snapshot_info
WHERE published_at IS NOT NULL
LIMIT 1;
