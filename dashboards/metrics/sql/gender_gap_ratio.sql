-- setara_gender_gap_ratio{indicator, region, region_name, year}: female / male. The parameter
-- is the history switch: false keeps only the latest year of each region and indicator.
WITH g AS (
    SELECT *, max(year) OVER (PARTITION BY region_code, indicator) AS latest_year
    FROM gender_gap
    WHERE ratio IS NOT NULL
)
SELECT g.indicator, g.region_code, coalesce(r.name, g.region_code), CAST(g.year AS VARCHAR),
       CAST(g.ratio AS DOUBLE)
FROM g
LEFT JOIN region r USING (region_code)
WHERE ? OR g.year = g.latest_year
ORDER BY g.indicator, g.region_code, g.year;
