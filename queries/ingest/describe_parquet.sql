-- The columns of a Parquet file (ingest_path), its header: names and DuckDB types.
SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(getvariable('ingest_path')));
