INSERT INTO run_approval (run_id, decision, decided_by, decided_at) VALUES (?, 'candidate', ?, ?)
