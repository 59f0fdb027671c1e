-- The PUG evaluation of every activity (issue: GBS evaluation): the program facts, its Gender
-- Budget Statement (GBS) if any, whether the GBS is complete, the APKM gap factors, targets
-- and beneficiaries by sex with their achievement (beneficiaries / target; NULL without a
-- positive target), the data gap behind the issue (the P and L values of the GBS's
-- data_indicator in the OPDs' region, evaluation_home_region, in the activity's year or the
-- latest year before it, and their ratio P / L), and the findings (codes of data/findings.csv,
-- thresholds in data/constants.csv):
--   responsive_without_gbs  a gender-responsive activity has no GBS
--   gbs_incomplete          a GBS leaves a required field empty (every field but
--                           data_indicator, which data_basis may stand for)
--   no_sex_targets          a GBS without a female or a male target
--   no_data_basis           a GBS names neither a data basis nor a data indicator
--   women_target_missed     female beneficiaries < evaluation_target_achieved x target
--   men_target_missed       male beneficiaries < evaluation_target_achieved x target
--   low_realization         a responsive activity realized < evaluation_low_realization of its budget
--   budget_mismatch         the GBS budget differs from the activity's by more than
--                           evaluation_budget_tolerance of it
-- depends: staging_program, staging_gbs, indicator_value, constants
-- creates: published.program_evaluation
CREATE OR REPLACE TABLE published.program_evaluation AS
WITH a AS (
    SELECT p.year, p.opd_code, p.opd_name, p.program, p.activity, p.budget, p.realization,
        CASE WHEN p.budget > 0 THEN p.realization / p.budget END AS realization_rate,
        p.gender_responsive, p.target_groups, p.output_indicator, p.output_target, p.output_realized,
        g.activity IS NOT NULL AS has_gbs,
        g.gender_issue, g.data_basis, g.data_indicator, coalesce(g.gap_factors, []::VARCHAR[]) AS gap_factors,
        g.cause_internal, g.cause_external, g.objective, g.action_plan,
        g.output_indicator AS gbs_output_indicator, g.outcome_indicator, g.budget AS gbs_budget,
        g.target_female, g.target_male,
        p.beneficiaries_female, p.beneficiaries_male,
        g.gender_issue IS NOT NULL AND g.data_basis IS NOT NULL AND len(g.gap_factors) > 0
            AND g.cause_internal IS NOT NULL AND g.cause_external IS NOT NULL AND g.objective IS NOT NULL
            AND g.action_plan IS NOT NULL AND g.output_indicator IS NOT NULL AND g.outcome_indicator IS NOT NULL
            AND g.target_female IS NOT NULL AND g.target_male IS NOT NULL AND g.budget IS NOT NULL AS complete
    FROM temp.program p
    LEFT JOIN temp.gbs g USING (year, opd_code, program, activity)
), d AS (
    -- the data gap behind a GBS's issue: the latest P and L of its indicator up to the year,
    -- once per year and indicator (many activities share them)
    SELECT q.year, q.data_indicator,
        max(v.year) AS data_year,
        arg_max(v.value, v.year) FILTER (WHERE v.sex = 'P') AS data_female,
        arg_max(v.value, v.year) FILTER (WHERE v.sex = 'L') AS data_male
    FROM (SELECT DISTINCT year, data_indicator FROM a WHERE data_indicator IS NOT NULL) q
    CROSS JOIN temp.k k
    JOIN published.indicator_value v
        ON v.indicator = q.data_indicator AND v.year <= q.year
       AND v.region_code = CAST(CAST(k.evaluation_home_region AS BIGINT) AS VARCHAR)
       AND v.sex IN ('P', 'L')
    GROUP BY q.year, q.data_indicator
), e AS (
    SELECT a.*, coalesce(a.complete, false) AS gbs_complete,
        CASE WHEN a.target_female > 0 THEN a.beneficiaries_female / a.target_female END AS female_target_achievement,
        CASE WHEN a.target_male > 0 THEN a.beneficiaries_male / a.target_male END AS male_target_achievement,
        d.data_year, d.data_female, d.data_male,
        CASE WHEN d.data_male <> 0 THEN d.data_female / d.data_male END AS data_ratio
    FROM a LEFT JOIN d USING (year, data_indicator)
)
SELECT e.* EXCLUDE (complete),
    list_filter([
        CASE WHEN gender_responsive AND NOT has_gbs THEN 'responsive_without_gbs' END,
        CASE WHEN has_gbs AND NOT gbs_complete THEN 'gbs_incomplete' END,
        CASE WHEN has_gbs AND (target_female IS NULL OR target_male IS NULL) THEN 'no_sex_targets' END,
        CASE WHEN has_gbs AND data_basis IS NULL AND data_indicator IS NULL THEN 'no_data_basis' END,
        CASE WHEN female_target_achievement < k.evaluation_target_achieved THEN 'women_target_missed' END,
        CASE WHEN male_target_achievement < k.evaluation_target_achieved THEN 'men_target_missed' END,
        CASE WHEN gender_responsive AND realization_rate < k.evaluation_low_realization THEN 'low_realization' END,
        CASE WHEN has_gbs AND gbs_budget IS NOT NULL AND budget > 0
            AND abs(gbs_budget - budget) > k.evaluation_budget_tolerance * budget THEN 'budget_mismatch' END
    ], f -> f IS NOT NULL) AS findings
FROM e CROSS JOIN temp.k k
ORDER BY year, opd_code, program, activity;
