-- The regions a BPS-style table may name: the region view (built-in regions overlaid by the
-- loaded regions files), by code.
SELECT region_code, name, level, coalesce(parent_code, '') FROM region ORDER BY region_code;
