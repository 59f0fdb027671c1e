-- One indicator for the children of a region in one year, every sex.
SELECT v.region_code, v.sex, CAST(v.value AS DOUBLE), coalesce(v.reliable, true),
       CAST(v.n_unweighted AS BIGINT), coalesce(v.source, ''), coalesce(v.origin, ''),
       CAST(v.batch_id AS BIGINT), coalesce(v.unit, ''), coalesce(v.band, 'publish'), CAST(v.rse AS DOUBLE),
       CAST(v.n_missing AS BIGINT)
FROM indicator_value v
JOIN region r ON r.region_code = v.region_code
WHERE r.parent_code = ? AND v.indicator = ? AND v.year = ? AND v.value IS NOT NULL;
