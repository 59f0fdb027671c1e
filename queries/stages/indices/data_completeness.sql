-- Per region-year and index (where the index applies, see index_definition), the inputs that
-- are missing; complete when none is.
-- depends: index_definition, index_input
-- creates: published.data_completeness
CREATE OR REPLACE TABLE published.data_completeness AS
WITH present AS (
    SELECT region_code, year, list(input) AS inputs
    FROM temp.index_input
    WHERE value IS NOT NULL
    GROUP BY region_code, year
),
assessed AS (
    SELECT p.region_code, p.year, d.index_code, d.ordinal,
           list_filter(d.inputs, lambda x: NOT list_contains(p.inputs, x)) AS missing
    FROM present p
    CROSS JOIN temp.index_definition d
    WHERE len(list_intersect(d.key_inputs, p.inputs)) > 0
)
SELECT region_code, year, index_code, missing, len(missing) = 0 AS complete
FROM assessed
ORDER BY region_code, year, ordinal;
