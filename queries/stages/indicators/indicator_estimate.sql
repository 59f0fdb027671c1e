-- Every candidate value of every indicator cell, from publications and from microdata. A
-- published aggregate takes precedence over a microdata estimate of the same key (chosen);
-- both stay visible with their origin and source.
-- depends: staging_indicator, microdata_indicator
-- creates: published.indicator_estimate
CREATE OR REPLACE TABLE published.indicator_estimate AS
WITH candidate AS (
    SELECT region_code, year, indicator, sex, value, source,
           CAST(NULL AS BIGINT) AS n_unweighted, TRUE AS reliable, 'published' AS origin, batch_id
    FROM temp.indicator_published
    UNION ALL
    SELECT region_code, year, indicator, sex, value, 'survey microdata (weighted estimate)',
           n_unweighted, reliable, 'microdata', batch_id
    FROM temp.indicator_microdata
)
SELECT c.region_code, c.year, c.indicator, c.sex, c.value, i.unit, c.source, c.n_unweighted,
       c.reliable, c.origin, c.batch_id,
       row_number() OVER (
           PARTITION BY c.region_code, c.year, c.indicator, c.sex
           ORDER BY CASE c.origin WHEN 'published' THEN 0 ELSE 1 END) = 1 AS chosen
FROM candidate c
LEFT JOIN ref_indicator i ON i.code = c.indicator
ORDER BY c.region_code, c.year, c.indicator, c.sex, c.origin DESC;
