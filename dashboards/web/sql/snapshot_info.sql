-- The one row describing the snapshot.
SELECT CAST(run_id AS BIGINT), snapshot, published_at, coalesce(demo, false), coalesce(label, '')
FROM snapshot_info
LIMIT 1;
