-- The catalogs a Flight SQL client may browse: the snapshot's own database.
SELECT DISTINCT catalog_name
FROM information_schema.schemata
WHERE catalog_name NOT IN ('system', 'temp')
ORDER BY catalog_name
