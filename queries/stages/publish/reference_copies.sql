-- Reference data and load history copied into the snapshot: regions, the indicator catalog,
-- batches and rejected rows.
-- depends: staging_region
-- creates: published.region
CREATE OR REPLACE TABLE published.indicator_catalog AS
SELECT * FROM ref_indicator ORDER BY code;
CREATE OR REPLACE TABLE published.batch AS
SELECT b.*, s.standing, s.reason, s.changed_by, s.changed_at, s.superseded_by,
       h.run_id AS quarantine_run, h.check_name AS quarantine_check, h.check_rows AS quarantine_rows
FROM batch b
JOIN batch_standing s ON s.batch_id = b.batch_id
LEFT JOIN batch_hold h ON h.batch_id = b.batch_id AND h.action = 'quarantined'
ORDER BY b.batch_id;
CREATE OR REPLACE TABLE published.rejected_rows AS
SELECT file, line, "column", value, reason, batch_id
FROM rejected_row
ORDER BY batch_id, line, "column";
CREATE OR REPLACE TABLE published.region AS
SELECT region_code, name, level, parent_code FROM temp.region ORDER BY region_code;
CREATE OR REPLACE TABLE published.upload AS
SELECT upload_id, uploaded_by, opd_codes, file_name, sha256, size_bytes, uploaded_at, kind, outcome, stored_as,
       rows_accepted, rows_rejected, reason
FROM upload
ORDER BY upload_id;
