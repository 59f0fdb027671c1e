-- How many child regions of a region have any index or indicator.
SELECT count(DISTINCT region_code) FROM (
    SELECT g.region_code FROM gender_index g JOIN region r ON r.region_code = g.region_code WHERE r.parent_code = ?
    UNION ALL
    SELECT v.region_code FROM indicator_value v JOIN region r ON r.region_code = v.region_code WHERE r.parent_code = ?
);
