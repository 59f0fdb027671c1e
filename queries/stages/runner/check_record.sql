INSERT INTO run_check (run_id, check_name, file, severity, failing_rows, sample) VALUES (?, ?, ?, ?, ?, ?)
