-- Per region-year and index (where the index applies, see index_definition), the inputs that
-- are missing; complete when none is. `suppressed` names the missing inputs whose microdata
-- estimate exists but is suppressed by BPS's publication rule (band suppress).
-- depends: index_definition, index_input
-- creates: published.data_completeness
CREATE OR REPLACE TABLE published.data_completeness AS
WITH present AS (
    SELECT region_code, year,
           coalesce(list(input) FILTER (WHERE value IS NOT NULL), []) AS inputs,
           coalesce(list(input) FILTER (WHERE band = 'suppress'), []) AS withheld,
           list(input) AS known
    FROM temp.index_input
    WHERE value IS NOT NULL OR band = 'suppress'
    GROUP BY region_code, year
),
assessed AS (
    SELECT p.region_code, p.year, d.index_code, d.ordinal, p.withheld,
           list_filter(d.inputs, lambda x: NOT list_contains(p.inputs, x)) AS missing
    FROM present p
    CROSS JOIN temp.index_definition d
    WHERE len(list_intersect(d.key_inputs, p.known)) > 0
)
SELECT region_code, year, index_code, missing, len(missing) = 0 AS complete,
       list_sort(list_intersect(missing, withheld)) AS suppressed
FROM assessed
ORDER BY region_code, year, ordinal;
