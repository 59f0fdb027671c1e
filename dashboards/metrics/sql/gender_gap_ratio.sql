-- setara_gender_gap_ratio{indicator, region, region_name, year}: female / male. The parameter
-- is the history switch: false keeps only the latest year of each region and indicator. A gap
-- with an unreliable side (too few records, or a suppress band) is not exposed.
WITH g AS (
    SELECT *, max(year) OVER (PARTITION BY region_code, indicator) AS latest_year
    FROM gender_gap gg
    WHERE ratio IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM indicator_value v
        WHERE v.region_code = gg.region_code AND v.year = gg.year AND v.indicator = gg.indicator
          AND v.sex IN ('P', 'L') AND NOT coalesce(v.reliable, true))
)
SELECT g.indicator, g.region_code, coalesce(r.name, g.region_code), CAST(g.year AS VARCHAR),
       CAST(g.ratio AS DOUBLE)
FROM g
LEFT JOIN region r USING (region_code)
WHERE ? OR g.year = g.latest_year
ORDER BY g.indicator, g.region_code, g.year;
