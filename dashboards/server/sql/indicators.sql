-- GET /api/indicators: indicator_value filtered by region ($1), year ($2), indicator ($3),
-- sex ($4); NULL = any. A survey estimate BPS would not publish (band suppress) has no value:
-- its row stays, with the band saying why; a caution estimate keeps its value and band.
SELECT v.region_code, r.name AS region_name, v.year, v.indicator, v.sex,
       CASE WHEN v.band = 'suppress' THEN NULL ELSE v.value END AS value, v.unit,
       v.source, v.n_unweighted, v.reliable, v.origin, v.band, v.se, v.rse, v.ci_low, v.ci_high,
       v.n_effective, v.n_missing
FROM indicator_value v
LEFT JOIN region r USING (region_code)
WHERE ($1::VARCHAR IS NULL OR v.region_code = $1::VARCHAR)
  AND ($2::INTEGER IS NULL OR v.year = $2::INTEGER)
  AND ($3::VARCHAR IS NULL OR v.indicator = $3::VARCHAR)
  AND ($4::VARCHAR IS NULL OR v.sex = $4::VARCHAR)
ORDER BY v.region_code, v.year, v.indicator, v.sex;
