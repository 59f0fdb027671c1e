-- The name of a region declared by a regions file validated earlier in this session, for the
-- BPS-style tables validated after it (table_regions.sql).
CREATE TEMP TABLE IF NOT EXISTS ingest_session_region_name (region_code VARCHAR, name VARCHAR, level VARCHAR, parent_code VARCHAR);
INSERT INTO ingest_session_region_name VALUES (?, ?, ?, ?);
