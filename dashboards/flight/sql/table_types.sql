-- The kinds of table the snapshot holds.
SELECT DISTINCT table_type
FROM information_schema.tables
WHERE table_catalog NOT IN ('system', 'temp')
ORDER BY table_type
