-- The value of each indicator cell: the chosen candidate (published before microdata), with
-- its standard error, publication band and missing-value count (indicator_estimate.sql).
-- depends: indicator_estimate
-- creates: published.indicator_value
CREATE OR REPLACE TABLE published.indicator_value AS
SELECT region_code, year, indicator, sex, value, unit, source, n_unweighted, reliable, origin, batch_id,
       se, rse, ci_low, ci_high, n_effective, band, n_missing
FROM published.indicator_estimate
WHERE chosen
ORDER BY region_code, year, indicator, sex;
