-- How many of the evaluation's tables the snapshot has (a snapshot published before them has 0).
SELECT count(*) FROM duckdb_tables()
WHERE database_name = current_database() AND table_name IN ('opd_evaluation', 'program_evaluation', 'pug_readiness', 'finding_catalog', 'opd_finding');
