-- The lines DuckDB's CSV reader set aside (store_rejects, land_csv.sql).
SELECT count(*) FROM ingest_reject_errors;
