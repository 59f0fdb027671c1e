-- setara_snapshot_info{run_id, snapshot}: always 1.
SELECT CAST(run_id AS VARCHAR), snapshot, 1.0
FROM snapshot_info
ORDER BY run_id;
