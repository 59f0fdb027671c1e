INSERT INTO run_context (run_id, trigger, snapshot, started_at, demo, reliability_threshold)
VALUES (?, ?, ?, ?, ?, ?)
