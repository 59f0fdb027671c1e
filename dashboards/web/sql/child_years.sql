-- Years with any index or indicator for the children of a region.
SELECT DISTINCT CAST(year AS INTEGER) AS y FROM (
    SELECT g.year FROM gender_index g JOIN region r ON r.region_code = g.region_code WHERE r.parent_code = ?
    UNION ALL
    SELECT v.year FROM indicator_value v JOIN region r ON r.region_code = v.region_code WHERE r.parent_code = ?
)
ORDER BY y;
