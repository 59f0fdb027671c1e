INSERT INTO run_stage (run_id, ordinal, stage, file, seconds, rows) VALUES (?, ?, ?, ?, ?, ?)
