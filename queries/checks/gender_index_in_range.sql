-- Every index value is a finite number inside its valid range (index_definition).
-- severity: blocking
-- depends: gender_index, index_definition
SELECT g.region_code, g.year, g.index_code, g.value, d.valid_min, d.valid_max
FROM published.gender_index g
JOIN temp.index_definition d ON d.index_code = g.index_code
WHERE g.value IS NULL OR NOT isfinite(g.value) OR g.value < d.valid_min OR g.value > d.valid_max
ORDER BY g.region_code, g.year, g.index_code
