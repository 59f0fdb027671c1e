-- Index inputs per region-year in long form (input = indicator.sex), from the chosen
-- indicator values. maternal_mortality and adolescent_birth take sex P, else T. A missing
-- expenditure_per_capita.T is derived from P and L weighted by population when all four exist
-- (origin 'derived'). Each input keeps the indicator cell it came from (indicator, sex, origin,
-- batch_id) so the derivation can name its batch, file and line. A microdata input BPS would
-- suppress (band suppress: RSE above 50 %, too few cases, or a 0 or 1 from a sample) has no
-- value here, so no index is built on it (data_completeness names it). The IDG's income share
-- (income_share: BPS's sumbangan pendapatan) is taken, where none is published for the
-- region-year and sex, from the survey microdata's earnings share (earnings_share: women's
-- share of weighted earnings), keeping that indicator's name, so the note can say which.
-- depends: indicator_value
-- creates: temp.index_input
CREATE OR REPLACE TEMP TABLE temp.index_input AS
WITH v AS (
    SELECT region_code, year, indicator, sex, CASE WHEN band <> 'suppress' THEN value END AS value,
           reliable, band, origin, batch_id
    FROM published.indicator_value
),
direct AS (
    SELECT region_code, year, indicator || '.' || sex AS input, value, reliable, band, indicator, sex, origin, batch_id
    FROM v
    WHERE indicator NOT IN ('maternal_mortality', 'adolescent_birth', 'earnings_share')
    UNION ALL
    SELECT e.region_code, e.year, 'income_share.' || e.sex, e.value, e.reliable, e.band, e.indicator, e.sex, e.origin, e.batch_id
    FROM v e
    WHERE e.indicator = 'earnings_share'
      AND NOT EXISTS (SELECT 1 FROM v i WHERE i.region_code = e.region_code AND i.year = e.year
                                           AND i.indicator = 'income_share' AND i.sex = e.sex)
    UNION ALL
    SELECT region_code, year, indicator, value, reliable, band, indicator, sex, origin, batch_id
    FROM v
    WHERE indicator IN ('maternal_mortality', 'adolescent_birth') AND sex IN ('P', 'T')
    QUALIFY row_number() OVER (PARTITION BY region_code, year, indicator ORDER BY sex) = 1
),
derived_expenditure AS (
    SELECT region_code, year, 'expenditure_per_capita.T' AS input,
           (max(value) FILTER (WHERE input = 'expenditure_per_capita.P') * max(value) FILTER (WHERE input = 'population.P')
            + max(value) FILTER (WHERE input = 'expenditure_per_capita.L') * max(value) FILTER (WHERE input = 'population.L'))
           / (max(value) FILTER (WHERE input = 'population.P') + max(value) FILTER (WHERE input = 'population.L')) AS value,
           bool_and(reliable) AS reliable,
           CASE WHEN bool_or(band = 'suppress') THEN 'suppress' WHEN bool_or(band = 'caution') THEN 'caution'
                ELSE 'publish' END AS band
    FROM direct
    WHERE input IN ('expenditure_per_capita.P', 'expenditure_per_capita.L', 'population.P', 'population.L')
    GROUP BY region_code, year
    HAVING count(*) = 4
)
SELECT region_code, year, input, value, reliable, band, indicator, sex, origin, batch_id FROM direct
UNION ALL
SELECT d.region_code, d.year, d.input, d.value, d.reliable, d.band, 'expenditure_per_capita', 'T', 'derived', CAST(NULL AS BIGINT)
FROM derived_expenditure d
WHERE NOT EXISTS (
    SELECT 1 FROM direct x
    WHERE x.region_code = d.region_code AND x.year = d.year AND x.input = 'expenditure_per_capita.T');
