-- $1 region, $2 year: the microdata cells flagged unreliable, one by one (no number for one BPS
-- would not publish: band suppress).
SELECT r.name, v.indicator, v.sex, CASE WHEN coalesce(v.band, 'publish') <> 'suppress' THEN v.value END,
       CAST(v.n_unweighted AS BIGINT)
FROM indicator_value v
JOIN region r ON r.region_code = v.region_code
WHERE v.year = $2 AND NOT coalesce(v.reliable, true) AND (v.region_code = $1 OR r.parent_code = $1)
ORDER BY v.region_code, v.indicator, v.sex
