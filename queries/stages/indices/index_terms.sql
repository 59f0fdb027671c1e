-- Every term of the index formulas (methods.md sections 1-4) per region-year, unrounded: the
-- inputs as pivoted from temp.index_input, the floored and truncated inputs, the dimension
-- indices, the HDI by sex, the GII/IKG aggregates (Health_f, Emp_f, Emp_m, G_f, G_m, HARM,
-- G_fm) and the IDG parts. gender_index takes its values from here and index_term publishes
-- the terms, so the derivation shows the very numbers the index was computed from. All
-- constants come from temp.k (ref_constant, data/constants.csv).
-- depends: index_macros, index_input, constants
-- creates: temp.index_terms
CREATE OR REPLACE TEMP TABLE temp.index_terms AS
WITH w AS (
    SELECT region_code, year,
        max(value) FILTER (WHERE input = 'life_expectancy.P') AS le_f,
        max(value) FILTER (WHERE input = 'life_expectancy.L') AS le_m,
        max(value) FILTER (WHERE input = 'expected_schooling.P') AS eys_f,
        max(value) FILTER (WHERE input = 'expected_schooling.L') AS eys_m,
        max(value) FILTER (WHERE input = 'mean_schooling.P') AS mys_f,
        max(value) FILTER (WHERE input = 'mean_schooling.L') AS mys_m,
        max(value) FILTER (WHERE input = 'gni_per_capita.P') AS gni_f,
        max(value) FILTER (WHERE input = 'gni_per_capita.L') AS gni_m,
        max(value) FILTER (WHERE input = 'expenditure_per_capita.P') AS exp_f,
        max(value) FILTER (WHERE input = 'expenditure_per_capita.L') AS exp_m,
        max(value) FILTER (WHERE input = 'expenditure_per_capita.T') AS exp_t,
        max(value) FILTER (WHERE input = 'maternal_mortality') AS mmr,
        max(value) FILTER (WHERE input = 'adolescent_birth') AS abr,
        max(value) FILTER (WHERE input = 'parliament_share.P') AS pr_f,
        max(value) FILTER (WHERE input = 'parliament_share.L') AS pr_m,
        max(value) FILTER (WHERE input = 'secondary_education.P') AS se_f,
        max(value) FILTER (WHERE input = 'secondary_education.L') AS se_m,
        max(value) FILTER (WHERE input = 'senior_high_education.P') AS sma_f,
        max(value) FILTER (WHERE input = 'senior_high_education.L') AS sma_m,
        max(value) FILTER (WHERE input = 'labour_force_participation.P') AS lfpr_f,
        max(value) FILTER (WHERE input = 'labour_force_participation.L') AS lfpr_m,
        max(value) FILTER (WHERE input = 'birth_outside_facility.P') AS mtf,
        max(value) FILTER (WHERE input = 'first_birth_under_20.P') AS mhpk20,
        max(value) FILTER (WHERE input = 'professional_share.P') AS prof_f,
        max(value) FILTER (WHERE input = 'professional_share.L') AS prof_m,
        max(value) FILTER (WHERE input = 'income_share.P') AS inc_f,
        max(value) FILTER (WHERE input = 'population.P') AS pop_f,
        max(value) FILTER (WHERE input = 'population.L') AS pop_m,
        list(input ORDER BY input) FILTER (WHERE NOT reliable) AS unreliable,
        coalesce(list(input ORDER BY input) FILTER (WHERE band = 'caution'), []) AS caution
    FROM temp.index_input
    GROUP BY region_code, year
),
-- Floors and truncations, each with its constant: a zero female seat share is floored and
-- the male share is then the rest (methods.md 2.2); MMR is truncated to [10, 1000] (2.1); MTF
-- and MHPK20 are floored so that a region where every birth is in a facility gets BPS's
-- published IKG rather than 1 (ikg_mtf_floor, ikg_mhpk20_floor).
bounded AS (
    SELECT w.*,
        greatest(pr_f, k.gii_parliament_floor) AS pr_f_floored,
        CASE WHEN pr_f < k.gii_parliament_floor THEN 100 - k.gii_parliament_floor ELSE pr_m END AS pr_m_floored,
        least(greatest(mmr, k.gii_mmr_min), k.gii_mmr_max) AS mmr_truncated,
        greatest(mtf, k.ikg_mtf_floor) AS mtf_floored,
        greatest(mhpk20, k.ikg_mhpk20_floor) AS mhpk20_floored
    FROM w CROSS JOIN temp.k k
),
dimension AS (
    SELECT b.*,
        dimension_index(le_f, k.undp_le_f_min, k.undp_le_f_max) AS undp_i_life_f,
        dimension_index(le_m, k.undp_le_m_min, k.undp_le_m_max) AS undp_i_life_m,
        dimension_index(eys_f, k.undp_eys_min, k.undp_eys_max) AS undp_i_eys_f,
        dimension_index(eys_m, k.undp_eys_min, k.undp_eys_max) AS undp_i_eys_m,
        dimension_index(mys_f, k.undp_mys_min, k.undp_mys_max) AS undp_i_mys_f,
        dimension_index(mys_m, k.undp_mys_min, k.undp_mys_max) AS undp_i_mys_m,
        ln_dimension_index(gni_f, k.undp_gni_min, k.undp_gni_max) AS undp_i_income_f,
        ln_dimension_index(gni_m, k.undp_gni_min, k.undp_gni_max) AS undp_i_income_m,
        dimension_index(le_f, k.bps_le_f_min, k.bps_le_f_max) AS bps_i_life_f,
        dimension_index(le_m, k.bps_le_m_min, k.bps_le_m_max) AS bps_i_life_m,
        dimension_index(eys_f, k.bps_eys_min, k.bps_eys_max) AS bps_i_eys_f,
        dimension_index(eys_m, k.bps_eys_min, k.bps_eys_max) AS bps_i_eys_m,
        dimension_index(mys_f, k.bps_mys_min, k.bps_mys_max) AS bps_i_mys_f,
        dimension_index(mys_m, k.bps_mys_min, k.bps_mys_max) AS bps_i_mys_m,
        ln_dimension_index(exp_f, k.bps_exp_min, k.bps_exp_max) AS bps_i_income_f,
        ln_dimension_index(exp_m, k.bps_exp_min, k.bps_exp_max) AS bps_i_income_m,
        sqrt(k.gii_mmr_min / mmr_truncated * 1 / abr) AS gii_health_f,
        sqrt(pr_f_floored * se_f) AS gii_emp_f,
        sqrt(pr_m_floored * se_m) AS gii_emp_m,
        sqrt(k.ikg_health_constant / (mtf_floored * mhpk20_floored)) AS ikg_health_f,
        sqrt(pr_f_floored * sma_f) AS ikg_emp_f,
        sqrt(pr_m_floored * sma_m) AS ikg_emp_m,
        pop_f / (pop_f + pop_m) AS pop_share_f
    FROM bounded b CROSS JOIN temp.k k
),
aggregate AS (
    SELECT d.*,
        hdi_by_sex(undp_i_life_f, undp_i_eys_f, undp_i_mys_f, undp_i_income_f) AS hdi_f,
        hdi_by_sex(undp_i_life_m, undp_i_eys_m, undp_i_mys_m, undp_i_income_m) AS hdi_m,
        100 * hdi_by_sex(bps_i_life_f, bps_i_eys_f, bps_i_mys_f, bps_i_income_f) AS ipm_f,
        100 * hdi_by_sex(bps_i_life_m, bps_i_eys_m, bps_i_mys_m, bps_i_income_m) AS ipm_m,
        inequality_g_f(gii_health_f, gii_emp_f, lfpr_f) AS gii_g_f,
        inequality_g_m(gii_emp_m, lfpr_m) AS gii_g_m,
        inequality_g_fm(gii_health_f, gii_emp_f, gii_emp_m, lfpr_f, lfpr_m) AS gii_g_fm,
        inequality_g_f(ikg_health_f, ikg_emp_f, lfpr_f) AS ikg_g_f,
        inequality_g_m(ikg_emp_m, lfpr_m) AS ikg_g_m,
        inequality_g_fm(ikg_health_f, ikg_emp_f, ikg_emp_m, lfpr_f, lfpr_m) AS ikg_g_fm,
        -- IDG: each sex's income per capita from the female income share and the per-capita
        -- expenditure, indexed linearly between the (assumed) goalposts.
        edep(pop_share_f, pr_f_floored, pr_m_floored) / k.idg_parity_share AS idg_i_parliament,
        edep(pop_share_f, prof_f, prof_m) / k.idg_parity_share AS idg_i_decision,
        dimension_index(inc_f / 100 * exp_t / pop_share_f, k.idg_income_min, k.idg_income_max) AS idg_i_income_f,
        dimension_index((1 - inc_f / 100) * exp_t / (1 - pop_share_f), k.idg_income_min, k.idg_income_max) AS idg_i_income_m
    FROM dimension d CROSS JOIN temp.k k
)
SELECT a.*,
    inequality_harm(gii_g_f, gii_g_m) AS gii_harm,
    inequality_harm(ikg_g_f, ikg_g_m) AS ikg_harm,
    edep(pop_share_f, idg_i_income_f, idg_i_income_m) AS idg_i_income
FROM aggregate a;
