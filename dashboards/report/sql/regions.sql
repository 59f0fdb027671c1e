-- $1 region: the region itself (depth 0) and its ancestors up to the country, for comparison.
WITH RECURSIVE up(region_code, name, parent_code, depth) AS (
    SELECT region_code, name, parent_code, 0 FROM region WHERE region_code = $1
    UNION ALL
    SELECT r.region_code, r.name, r.parent_code, up.depth + 1
    FROM region r JOIN up ON r.region_code = up.parent_code
    WHERE up.depth < 6 AND r.region_code <> up.region_code
)
SELECT region_code, name, depth FROM up ORDER BY depth
