-- The published index values of a region beside the computed ones (index_check), when the
-- snapshot has them.
SELECT year, index_code, computed, published, agrees, coalesce(source, ''), precision
FROM index_check
WHERE region_code = ?
ORDER BY year, index_code;
