-- setara_stage_duration_seconds{stage}: the stages of the latest run in the snapshot.
SELECT stage, CAST(sum(seconds) AS DOUBLE)
FROM run_stage
WHERE run_id = (SELECT max(run_id) FROM run_stage)
GROUP BY stage
ORDER BY stage;
