-- Run history and the snapshot's own identity, copied into the published schema after the
-- run's records are written (inside the run's transaction, just before commit and publish).
CREATE OR REPLACE TABLE published.run_history AS SELECT * FROM run ORDER BY run_id;
CREATE OR REPLACE TABLE published.run_stage AS SELECT * FROM run_stage ORDER BY run_id, ordinal;
CREATE OR REPLACE TABLE published.run_check AS SELECT * FROM run_check ORDER BY run_id, check_name;
CREATE OR REPLACE TABLE published.snapshot_info AS
SELECT c.run_id, c.snapshot, r.finished_at AS published_at, c.demo,
       c.trigger || CASE WHEN c.demo THEN ' (demo data)' ELSE '' END AS label
FROM run_context c
JOIN run r ON r.run_id = c.run_id;
