-- The column names of a Parquet file (ingest_path): its header.
SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet(getvariable('ingest_path')));
