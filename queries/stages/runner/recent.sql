SELECT r.run_id, r.trigger, r.started_at, r.finished_at, r.status, coalesce(r.error, ''),
       coalesce(r.snapshot, ''), coalesce(r.files_taken, 0), coalesce(r.rows_loaded, 0),
       (SELECT count(*) FROM run_stage s WHERE s.run_id = r.run_id) AS stages,
       (SELECT count(*) FROM run_check c WHERE c.run_id = r.run_id AND c.failing_rows > 0 AND c.severity = 'warning') AS warnings,
       (SELECT count(*) FROM run_check c WHERE c.run_id = r.run_id AND c.failing_rows > 0 AND c.severity = 'blocking') AS blocking
FROM run r
ORDER BY r.run_id DESC
LIMIT ?
