SELECT CAST(ordinal AS BIGINT), stage, file, CAST(seconds AS DOUBLE), CAST(rows AS BIGINT)
FROM run_stage
WHERE run_id = ?
ORDER BY ordinal;
