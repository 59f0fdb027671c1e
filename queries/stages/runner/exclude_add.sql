INSERT INTO run_exclude (batch_id) VALUES (?)
