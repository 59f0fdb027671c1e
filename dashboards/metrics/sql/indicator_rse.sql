-- setara_indicator_rse{indicator, sex, region, region_name, year, band}: the relative standard
-- error (fraction) of each survey estimate, with BPS's publication band (publish, caution,
-- suppress); the series of setara_indicator_value, for estimates only. The parameter is the
-- history switch.
WITH v AS (
    SELECT *, max(year) OVER (PARTITION BY region_code, indicator) AS latest_year
    FROM indicator_value
    WHERE value IS NOT NULL
)
SELECT v.indicator, v.sex, v.region_code, coalesce(r.name, v.region_code), CAST(v.year AS VARCHAR),
       coalesce(v.band, 'publish'), CAST(v.rse AS DOUBLE)
FROM v
LEFT JOIN region r USING (region_code)
WHERE (? OR v.year = v.latest_year) AND v.rse IS NOT NULL
ORDER BY v.indicator, v.sex, v.region_code, v.year;
