INSERT INTO run (run_id, trigger, started_at, status, files_taken, rows_loaded)
VALUES (nextval('run_id_seq'), ?, ?, 'running', ?, ?)
RETURNING run_id
