-- A change of a batch's standing: batch_id, action, changed_at, changed_by, reason, run_id, check_name,
-- check_rows.
INSERT INTO batch_event (event_id, batch_id, action, changed_at, changed_by, reason, run_id, check_name, check_rows)
VALUES (nextval('batch_event_seq'), ?, ?, ?, ?, ?, ?, ?, ?);
