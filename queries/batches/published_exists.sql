-- Whether a run has committed its copy of the batch table (published.batch) yet.
SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'published' AND table_name = 'batch';
