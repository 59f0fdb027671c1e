-- One indicator of one region, every year and sex.
SELECT CAST(year AS INTEGER), sex, CAST(value AS DOUBLE), coalesce(reliable, true),
       CAST(n_unweighted AS BIGINT), coalesce(source, ''), coalesce(origin, ''),
       CAST(batch_id AS BIGINT), coalesce(unit, ''), coalesce(band, 'publish'), CAST(rse AS DOUBLE),
       CAST(n_missing AS BIGINT)
FROM indicator_value
WHERE region_code = ? AND indicator = ? AND value IS NOT NULL
ORDER BY year, sex;
