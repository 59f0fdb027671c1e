-- $1 region, $2 year: the sex-disaggregated indicators of the region, values by sex from
-- indicator_value, ratio and difference from gender_gap.
SELECT c.topic, c.code, c.name_id, c.name_en, c.unit_id, c.unit_en,
    max(v.value) FILTER (WHERE v.sex = 'P') AS female,
    max(v.value) FILTER (WHERE v.sex = 'L') AS male,
    max(v.value) FILTER (WHERE v.sex = 'T') AS total,
    g.ratio, g.difference,
    bool_or(v.origin = 'microdata') AS microdata,
    bool_and(coalesce(v.reliable, true)) AS reliable,
    bool_or(coalesce(v.band, 'publish') = 'caution') AS caution,
    CAST(min(v.n_unweighted) AS BIGINT) AS n_min
FROM indicator_value v
JOIN indicator_catalog c ON c.code = v.indicator
LEFT JOIN gender_gap g ON g.region_code = v.region_code AND g.year = v.year AND g.indicator = v.indicator
WHERE v.region_code = $1 AND v.year = $2 AND c.topic IN ('education', 'health', 'labour', 'economy', 'decision')
GROUP BY c.topic, c.code, c.name_id, c.name_en, c.unit_id, c.unit_en, g.ratio, g.difference
ORDER BY CASE c.topic WHEN 'education' THEN 1 WHEN 'health' THEN 2 WHEN 'labour' THEN 3
    WHEN 'economy' THEN 4 ELSE 5 END, c.code
