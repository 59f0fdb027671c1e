-- The gender gap of one indicator of one region or of the children of a region.
SELECT g.region_code, CAST(g.year AS INTEGER), CAST(g.ratio AS DOUBLE), CAST(g.difference AS DOUBLE),
       coalesce(g.mixed_origin, false)
FROM gender_gap g
JOIN region r ON r.region_code = g.region_code
WHERE (g.region_code = ? OR r.parent_code = ?) AND g.indicator = ?
ORDER BY g.region_code, g.year;
