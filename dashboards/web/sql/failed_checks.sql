-- The blocking checks that stopped runs since the previous published run (what a refresh
-- quarantined files for, or what delayed this snapshot), newest first.
SELECT CAST(c.run_id AS BIGINT), c.check_name, CAST(c.failing_rows AS BIGINT), coalesce(c.sample, '')
FROM run_check c
JOIN run_history r ON r.run_id = c.run_id
WHERE r.status = 'failed' AND c.severity = 'blocking' AND c.failing_rows > 0
  AND r.run_id > coalesce((SELECT max(run_id) FROM run_history
                           WHERE status = 'succeeded' AND run_id < (SELECT max(run_id) FROM run_history)), -1)
ORDER BY c.run_id DESC, c.check_name
LIMIT 20;
