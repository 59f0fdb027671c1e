-- setara_gender_index{index, region, region_name, year}: every published index value, all years.
SELECT g.index_code, g.region_code, coalesce(r.name, g.region_code), CAST(g.year AS VARCHAR),
       CAST(g.value AS DOUBLE)
FROM gender_index g
LEFT JOIN region r USING (region_code)
WHERE g.value IS NOT NULL
ORDER BY g.index_code, g.region_code, g.year;
