-- Index completeness of one region, every year.
SELECT CAST(year AS INTEGER), index_code, coalesce(complete, len(missing) = 0),
       coalesce(list_aggregate(missing, 'string_agg', ';'), '')
FROM data_completeness
WHERE region_code = ?
ORDER BY year, index_code;
