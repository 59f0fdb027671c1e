-- Per year and each of the five target groups of Medan's PUG policy (all five listed, zero
-- when no activity serves the group): activities, budget, realization and beneficiaries. An
-- activity serving several groups counts in each of them, so groups do not sum to the total.
-- depends: staging_program
-- creates: published.target_group_summary
CREATE OR REPLACE TABLE published.target_group_summary AS
WITH target_group (target_group, ordinal) AS (
    VALUES ('perempuan', 1), ('disabilitas', 2), ('lansia', 3), ('ibu_hamil', 4), ('anak', 5)
),
program_year AS (
    SELECT DISTINCT year FROM temp.program
),
served AS (
    SELECT year, budget, realization, beneficiaries_female, beneficiaries_male,
           unnest(list_distinct(target_groups)) AS target_group
    FROM temp.program
)
SELECT y.year, g.target_group,
       count(s.year) AS activities,
       coalesce(sum(s.budget), 0) AS budget,
       coalesce(sum(s.realization), 0) AS realization,
       coalesce(sum(s.beneficiaries_female), 0) AS beneficiaries_female,
       coalesce(sum(s.beneficiaries_male), 0) AS beneficiaries_male
FROM program_year y
CROSS JOIN target_group g
LEFT JOIN served s ON s.year = y.year AND s.target_group = g.target_group
GROUP BY y.year, g.target_group, g.ordinal
ORDER BY y.year, g.ordinal;
