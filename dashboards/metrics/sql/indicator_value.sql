-- setara_indicator_value{indicator, sex, region, region_name, year}. The parameter is the
-- history switch: false keeps only the latest year of each region and indicator. An estimate
-- flagged unreliable (too few records, or a suppress band) is never exposed as a number.
WITH v AS (
    SELECT *, max(year) OVER (PARTITION BY region_code, indicator) AS latest_year
    FROM indicator_value
    WHERE value IS NOT NULL AND coalesce(reliable, true)
)
SELECT v.indicator, v.sex, v.region_code, coalesce(r.name, v.region_code), CAST(v.year AS VARCHAR),
       CAST(v.value AS DOUBLE)
FROM v
LEFT JOIN region r USING (region_code)
WHERE ? OR v.year = v.latest_year
ORDER BY v.indicator, v.sex, v.region_code, v.year;
