-- Per OPD and year: activities, budget and realization (rupiah), the realization rate, the
-- gender-responsive budget and its share, output achievement (mean over activities with a
-- positive target of realized/target, each capped at 1), beneficiaries by sex and the female
-- share. Shares are fractions 0-1.
-- depends: staging_program
-- creates: published.program_summary
CREATE OR REPLACE TABLE published.program_summary AS
WITH opd AS (
    SELECT year, opd_code,
        arg_max(opd_name, batch_id) AS opd_name,
        count(*) AS activities,
        count(*) FILTER (WHERE gender_responsive) AS responsive_activities,
        sum(budget) AS budget,
        sum(realization) AS realization,
        coalesce(sum(budget) FILTER (WHERE gender_responsive), 0) AS responsive_budget,
        avg(least(output_realized / output_target, 1.0))
            FILTER (WHERE output_target > 0 AND output_realized IS NOT NULL) AS output_achievement,
        coalesce(sum(beneficiaries_female), 0) AS beneficiaries_female,
        coalesce(sum(beneficiaries_male), 0) AS beneficiaries_male
    FROM temp.program
    GROUP BY year, opd_code
)
SELECT year, opd_code, opd_name, activities, responsive_activities, budget, realization,
       CASE WHEN budget > 0 THEN realization / budget END AS realization_rate,
       responsive_budget,
       CASE WHEN budget > 0 THEN responsive_budget / budget END AS responsive_share,
       output_achievement, beneficiaries_female, beneficiaries_male,
       CASE WHEN beneficiaries_female + beneficiaries_male > 0
            THEN beneficiaries_female / (beneficiaries_female + beneficiaries_male) END AS female_share
FROM opd
ORDER BY year, opd_code;
