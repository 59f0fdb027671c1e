-- Whether the snapshot has the table or view (a snapshot published by an older setara may not).
SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database() AND table_name = ?;
