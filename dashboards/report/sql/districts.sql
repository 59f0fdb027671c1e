-- $1 region, $2 year: the key indicators by sex for every kecamatan (child region) of the region;
-- no number for a survey estimate BPS would not publish (band suppress), nor for its ratio.
SELECT r.region_code, r.name, v.indicator,
    max(v.value) FILTER (WHERE v.sex = 'P' AND coalesce(v.band, 'publish') <> 'suppress') AS female,
    max(v.value) FILTER (WHERE v.sex = 'L' AND coalesce(v.band, 'publish') <> 'suppress') AS male,
    CASE WHEN NOT bool_or(v.sex IN ('P', 'L') AND coalesce(v.band, 'publish') = 'suppress') THEN any_value(g.ratio) END AS ratio,
    bool_and(coalesce(v.reliable, true)) AS reliable,
    bool_or(v.origin = 'microdata') AS microdata,
    bool_or(coalesce(g.mixed_origin, false)) AS mixed
FROM region r
JOIN indicator_value v ON v.region_code = r.region_code
LEFT JOIN gender_gap g ON g.region_code = v.region_code AND g.year = v.year AND g.indicator = v.indicator
WHERE r.parent_code = $1 AND r.region_code <> $1 AND v.year = $2
    AND v.indicator IN ('labour_force_participation', 'senior_high_education', 'mean_schooling')
GROUP BY r.region_code, r.name, v.indicator
ORDER BY r.region_code, v.indicator
