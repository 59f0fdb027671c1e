-- Each region-year has at most one value per index, with a complete key.
-- severity: blocking
-- depends: gender_index
SELECT region_code, year, index_code, count(*) AS n
FROM published.gender_index
GROUP BY region_code, year, index_code
HAVING count(*) > 1 OR region_code IS NULL OR year IS NULL OR index_code IS NULL
ORDER BY region_code, year, index_code
