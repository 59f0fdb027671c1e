SELECT region_code, name, level, coalesce(parent_code, '')
FROM region
ORDER BY region_code;
