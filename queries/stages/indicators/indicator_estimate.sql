-- Every candidate value of every indicator cell, from publications and from microdata. A
-- published aggregate takes precedence over a microdata estimate of the same key (chosen);
-- both stay visible with their origin and source. A microdata estimate carries its standard
-- error (se, in the indicator's unit), relative standard error (rse, a fraction), 95 %
-- confidence interval, Kish effective sample size, BPS's publication band (publish,
-- caution, suppress) and the records of its universe left out for an empty value (n_missing:
-- microdata_indicator.sql); a published figure has no standard error and
-- the band of its publisher, publish.
-- depends: staging_indicator, microdata_indicator
-- creates: published.indicator_estimate
CREATE OR REPLACE TABLE published.indicator_estimate AS
WITH candidate AS (
    SELECT region_code, year, indicator, sex, value, source,
           CAST(NULL AS BIGINT) AS n_unweighted, TRUE AS reliable, 'published' AS origin, batch_id,
           CAST(NULL AS DOUBLE) AS se, CAST(NULL AS DOUBLE) AS rse, CAST(NULL AS DOUBLE) AS ci_low,
           CAST(NULL AS DOUBLE) AS ci_high, CAST(NULL AS DOUBLE) AS n_effective, 'publish' AS band,
           CAST(NULL AS BIGINT) AS n_missing
    FROM temp.indicator_published
    UNION ALL
    SELECT region_code, year, indicator, sex, value, source,
           n_unweighted, reliable, 'microdata', batch_id, se, rse, ci_low, ci_high, n_effective, band,
           n_missing
    FROM temp.indicator_microdata
)
SELECT c.region_code, c.year, c.indicator, c.sex, c.value, i.unit, c.source, c.n_unweighted,
       c.reliable, c.origin, c.batch_id, c.se, c.rse, c.ci_low, c.ci_high, c.n_effective, c.band,
       c.n_missing,
       row_number() OVER (
           PARTITION BY c.region_code, c.year, c.indicator, c.sex
           ORDER BY CASE c.origin WHEN 'published' THEN 0 ELSE 1 END) = 1 AS chosen
FROM candidate c
LEFT JOIN ref_indicator i ON i.code = c.indicator
ORDER BY c.region_code, c.year, c.indicator, c.sex, c.origin DESC;
