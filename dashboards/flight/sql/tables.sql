-- Tables and views of the snapshot; $1 a catalog or NULL, $2 and $3 LIKE patterns of schema and
-- table or NULL.
SELECT table_catalog, table_schema, table_name, table_type
FROM information_schema.tables
WHERE table_catalog NOT IN ('system', 'temp')
  AND ($1::VARCHAR IS NULL OR table_catalog = $1)
  AND ($2::VARCHAR IS NULL OR table_schema LIKE $2)
  AND ($3::VARCHAR IS NULL OR table_name LIKE $3)
ORDER BY table_catalog, table_schema, table_name
