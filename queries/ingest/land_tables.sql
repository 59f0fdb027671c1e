-- Per-file scratch tables: structural rejects (filled by the reader) and the header names.
CREATE OR REPLACE TEMP TABLE land_reject (line BIGINT, pos INTEGER, value VARCHAR, reason VARCHAR);
CREATE OR REPLACE TEMP TABLE land_header (pos INTEGER, name VARCHAR);
DROP TABLE IF EXISTS ingest_reject_errors;
DROP TABLE IF EXISTS ingest_reject_scans;
