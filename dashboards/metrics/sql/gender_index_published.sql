-- setara_gender_index_published{index, region, region_name, year}: a published index value
-- (loaded as an indicators fact with the index code and sex T), beside setara_gender_index.
SELECT c.index_code, c.region_code, r.name, CAST(c.year AS VARCHAR), CAST(c.published AS DOUBLE)
FROM index_check c
JOIN region r ON r.region_code = c.region_code
ORDER BY c.index_code, c.region_code, c.year;
