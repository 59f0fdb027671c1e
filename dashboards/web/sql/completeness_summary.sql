-- Per index: complete region-years out of all region-years.
SELECT index_code, count(*) FILTER (WHERE coalesce(complete, len(missing) = 0)), count(*)
FROM data_completeness
GROUP BY index_code
ORDER BY index_code;
