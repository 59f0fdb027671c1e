-- Headline figures `setara demo` prints from the published snapshot: IPG, IDG and IKG of one
-- region (parameter $1) in its latest year with an index, and the latest year of OPD programs.
WITH y AS (
    SELECT max(year) AS year FROM gender_index
    WHERE region_code = $1 AND index_code IN ('ipg', 'idg', 'ikg') AND value IS NOT NULL
), g AS (
    SELECT any_value(y.year) AS year,
        max(gi.value) FILTER (WHERE gi.index_code = 'ipg') AS ipg,
        max(gi.value) FILTER (WHERE gi.index_code = 'idg') AS idg,
        max(gi.value) FILTER (WHERE gi.index_code = 'ikg') AS ikg
    FROM y LEFT JOIN gender_index gi ON gi.region_code = $1 AND gi.year = y.year
), p AS (
    SELECT year, count(*) AS opds, sum(budget) AS budget, sum(responsive_budget) AS responsive_budget
    FROM program_summary
    WHERE year = (SELECT max(year) FROM program_summary)
    GROUP BY year
)
SELECT g.year, g.ipg, g.idg, g.ikg, p.year, coalesce(p.opds, 0), p.budget, p.responsive_budget
FROM g LEFT JOIN p ON true;
