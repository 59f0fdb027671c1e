-- setara_gender_index_published_agrees{index, region, region_name, year}: 1 where setara's value
-- equals the published one at its precision, 0 where it does not; absent where setara computes none.
SELECT c.index_code, c.region_code, r.name, CAST(c.year AS VARCHAR), CASE WHEN c.agrees THEN 1.0 ELSE 0.0 END
FROM index_check c
JOIN region r ON r.region_code = c.region_code
WHERE c.agrees IS NOT NULL
ORDER BY c.index_code, c.region_code, c.year;
