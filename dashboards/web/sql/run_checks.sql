SELECT check_name, file, severity, CAST(failing_rows AS BIGINT)
FROM run_check
WHERE run_id = ?
ORDER BY CASE severity WHEN 'blocking' THEN 0 ELSE 1 END, check_name;
