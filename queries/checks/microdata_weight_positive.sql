-- Survey weights are the denominators of every microdata estimate: they must be above zero.
-- severity: blocking
-- depends: staging_microdata
SELECT region_code, year, person_id, weight
FROM temp.microdata
WHERE weight IS NULL OR weight <= 0
ORDER BY region_code, year, person_id
