-- Every declared region with itself and each of its ancestors (depth 0 = itself), so that
-- records of a kecamatan also count for its kota and province: parents are estimated from
-- their own records, never by averaging their children's rates.
-- depends: staging_region
-- creates: temp.region_ancestor
CREATE OR REPLACE TEMP TABLE temp.region_ancestor AS
WITH RECURSIVE up (region_code, ancestor_code, depth) AS (
    SELECT region_code, region_code, 0
    FROM temp.region
    UNION ALL
    SELECT up.region_code, r.parent_code, up.depth + 1
    FROM up
    JOIN temp.region r ON r.region_code = up.ancestor_code
    WHERE r.parent_code IS NOT NULL AND r.parent_code <> '' AND up.depth < 12
)
SELECT DISTINCT up.region_code, up.ancestor_code, up.depth
FROM up
JOIN temp.region a ON a.region_code = up.ancestor_code;
