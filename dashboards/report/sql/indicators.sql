-- $1 region, $2 year: the sex-disaggregated indicators of the region, values by sex from
-- indicator_value, ratio and difference from gender_gap. A survey estimate BPS would not
-- publish (band suppress) gives no number, nor does a gap with such a side.
SELECT c.topic, c.code, c.name_id, c.name_en, c.unit_id, c.unit_en,
    max(v.value) FILTER (WHERE v.sex = 'P' AND coalesce(v.band, 'publish') <> 'suppress') AS female,
    max(v.value) FILTER (WHERE v.sex = 'L' AND coalesce(v.band, 'publish') <> 'suppress') AS male,
    max(v.value) FILTER (WHERE v.sex = 'T' AND coalesce(v.band, 'publish') <> 'suppress') AS total,
    CASE WHEN NOT bool_or(v.sex IN ('P', 'L') AND coalesce(v.band, 'publish') = 'suppress') THEN g.ratio END AS ratio,
    CASE WHEN NOT bool_or(v.sex IN ('P', 'L') AND coalesce(v.band, 'publish') = 'suppress') THEN g.difference END AS difference,
    bool_or(v.origin = 'microdata') AS microdata,
    bool_and(coalesce(v.reliable, true)) AS reliable,
    bool_or(coalesce(v.band, 'publish') = 'caution') AS caution,
    CAST(min(v.n_unweighted) AS BIGINT) AS n_min,
    coalesce(g.mixed_origin, false) AS mixed
FROM indicator_value v
JOIN indicator_catalog c ON c.code = v.indicator
LEFT JOIN gender_gap g ON g.region_code = v.region_code AND g.year = v.year AND g.indicator = v.indicator
WHERE v.region_code = $1 AND v.year = $2 AND c.topic IN ('education', 'health', 'labour', 'economy', 'decision')
GROUP BY c.topic, c.code, c.name_id, c.name_en, c.unit_id, c.unit_en, g.ratio, g.difference, g.mixed_origin
ORDER BY CASE c.topic WHEN 'education' THEN 1 WHEN 'health' THEN 2 WHEN 'labour' THEN 3
    WHEN 'economy' THEN 4 ELSE 5 END, c.code
