SELECT CAST(snapshot AS VARCHAR), published_at, coalesce(demo, false), coalesce(label, '')
FROM snapshot_info ORDER BY run_id DESC LIMIT 1
