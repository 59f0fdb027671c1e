-- Reads every value of the Parquet file ingest_path once, alone: fails when the file itself is
-- damaged (DuckDB's reader does not always name the file when a data page is bad).
SELECT count(*) FROM read_parquet(getvariable('ingest_path')) t WHERE hash(t) IS NOT NULL;
