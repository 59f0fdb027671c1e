SELECT CAST(run_id AS BIGINT), coalesce(trigger, ''), started_at, finished_at, coalesce(status, ''),
       coalesce(error, ''), coalesce(snapshot, '')
FROM run_history
ORDER BY run_id DESC
LIMIT 1;
