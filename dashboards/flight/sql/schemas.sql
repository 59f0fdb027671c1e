-- Schemas of the snapshot; $1 a catalog name or NULL, $2 a LIKE pattern or NULL.
SELECT catalog_name, schema_name
FROM information_schema.schemata
WHERE catalog_name NOT IN ('system', 'temp')
  AND ($1::VARCHAR IS NULL OR catalog_name = $1)
  AND ($2::VARCHAR IS NULL OR schema_name LIKE $2)
ORDER BY catalog_name, schema_name
