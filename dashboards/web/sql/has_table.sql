-- Whether the snapshot has the table (a snapshot published by an older setara may not).
SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND table_name = ?;
