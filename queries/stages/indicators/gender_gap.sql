-- Gender gaps (methods.md section 6): for every indicator cell with both sexes, the parity
-- ratio P/L (1 = parity) and the difference P - L in the indicator's own unit. mixed_origin:
-- the two values come from different origins (a published table and survey microdata) or from
-- microdata of different surveys (their sources differ), which the surfaces say.
-- depends: indicator_value
-- creates: published.gender_gap
CREATE OR REPLACE TABLE published.gender_gap AS
WITH pair AS (
    SELECT region_code, year, indicator,
           max(value) FILTER (WHERE sex = 'P') AS female,
           max(value) FILTER (WHERE sex = 'L') AS male,
           any_value(unit) AS unit,
           max(origin) FILTER (WHERE sex = 'P') AS origin_f,
           max(origin) FILTER (WHERE sex = 'L') AS origin_m,
           max(source) FILTER (WHERE sex = 'P') AS source_f,
           max(source) FILTER (WHERE sex = 'L') AS source_m
    FROM published.indicator_value
    WHERE sex IN ('P', 'L')
    GROUP BY region_code, year, indicator
)
SELECT region_code, year, indicator, female, male,
       CASE WHEN male <> 0 THEN female / male END AS ratio,
       female - male AS difference,
       unit,
       origin_f <> origin_m OR (origin_f = 'microdata' AND source_f IS DISTINCT FROM source_m) AS mixed_origin
FROM pair
WHERE female IS NOT NULL AND male IS NOT NULL
ORDER BY region_code, year, indicator;
