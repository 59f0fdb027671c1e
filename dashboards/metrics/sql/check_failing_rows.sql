-- setara_check_failing_rows{check, severity}: the checks of the latest run in the snapshot.
SELECT check_name, severity, CAST(sum(failing_rows) AS DOUBLE)
FROM run_check
WHERE run_id = (SELECT max(run_id) FROM run_check)
GROUP BY check_name, severity
ORDER BY check_name, severity;
