-- $1 region, $2 year: estimates from survey microdata for the region and its kecamatan, per
-- indicator, with their unweighted counts and reliability flags.
SELECT v.indicator, CAST(count(*) AS BIGINT) AS cells,
    CAST(count(DISTINCT v.region_code) AS BIGINT) AS regions,
    CAST(min(v.n_unweighted) AS BIGINT) AS n_min,
    CAST(count(*) FILTER (WHERE NOT coalesce(v.reliable, true)) AS BIGINT) AS unreliable
FROM indicator_value v
JOIN region r ON r.region_code = v.region_code
WHERE v.year = $2 AND v.origin = 'microdata' AND (v.region_code = $1 OR r.parent_code = $1)
GROUP BY v.indicator
ORDER BY v.indicator
