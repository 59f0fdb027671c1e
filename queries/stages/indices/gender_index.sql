-- The gender indices (methods.md sections 1-4), unrounded, for every region-year whose inputs
-- are complete (published.data_completeness). All constants come from temp.k (ref_constant,
-- data/constants.csv). An index for a parent region uses the parent's own inputs.
-- depends: index_macros, data_completeness, constants
-- creates: published.gender_index

-- The note on one index value, in the language of text: idg's assumed goalposts, ikg's
-- calibrated health constant (written where text.ikg has {c}), the unreliable inputs and the
-- inputs with a caution band (the index is then indicative) among the index's own,
-- '; '-separated; NULL when there is nothing to note.
CREATE OR REPLACE TEMP MACRO index_note(index_code, health_constant, unreliable, caution, text) AS nullif(concat_ws('; ',
    CASE WHEN index_code = 'idg' THEN text.idg END,
    CASE WHEN index_code = 'ikg' THEN replace(text.ikg, '{c}', health_constant::VARCHAR) END,
    CASE WHEN len(unreliable) > 0 THEN text.unreliable || array_to_string(list_sort(unreliable), ', ') END,
    CASE WHEN len(caution) > 0 THEN text.caution || array_to_string(list_sort(caution), ', ') END
), '');

CREATE OR REPLACE TABLE published.gender_index AS
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
-- A zero female seat share is floored (methods.md 2.2); the male share is then the rest.
seats AS (
    SELECT w.*,
        greatest(pr_f, k.gii_parliament_floor) AS pr_f_floored,
        CASE WHEN pr_f < k.gii_parliament_floor THEN 100 - k.gii_parliament_floor ELSE pr_m END AS pr_m_floored
    FROM w CROSS JOIN temp.k k
),
undp AS (
    SELECT region_code, year,
        hdi_by_sex(dimension_index(le_f, k.undp_le_f_min, k.undp_le_f_max),
                   dimension_index(eys_f, k.undp_eys_min, k.undp_eys_max),
                   dimension_index(mys_f, k.undp_mys_min, k.undp_mys_max),
                   ln_dimension_index(gni_f, k.undp_gni_min, k.undp_gni_max)) AS hdi_f,
        hdi_by_sex(dimension_index(le_m, k.undp_le_m_min, k.undp_le_m_max),
                   dimension_index(eys_m, k.undp_eys_min, k.undp_eys_max),
                   dimension_index(mys_m, k.undp_mys_min, k.undp_mys_max),
                   ln_dimension_index(gni_m, k.undp_gni_min, k.undp_gni_max)) AS hdi_m,
        inequality_index(
            sqrt(k.gii_mmr_min / least(greatest(mmr, k.gii_mmr_min), k.gii_mmr_max) * 1 / abr),
            sqrt(pr_f_floored * se_f), sqrt(pr_m_floored * se_m), lfpr_f, lfpr_m) AS gii,
        inequality_index(
            sqrt(k.ikg_health_constant / (mtf * mhpk20)),
            sqrt(pr_f_floored * sma_f), sqrt(pr_m_floored * sma_m), lfpr_f, lfpr_m) AS ikg
    FROM seats CROSS JOIN temp.k k
),
bps AS (
    SELECT region_code, year,
        100 * hdi_by_sex(dimension_index(le_f, k.bps_le_f_min, k.bps_le_f_max),
                         dimension_index(eys_f, k.bps_eys_min, k.bps_eys_max),
                         dimension_index(mys_f, k.bps_mys_min, k.bps_mys_max),
                         ln_dimension_index(exp_f, k.bps_exp_min, k.bps_exp_max)) AS ipm_f,
        100 * hdi_by_sex(dimension_index(le_m, k.bps_le_m_min, k.bps_le_m_max),
                         dimension_index(eys_m, k.bps_eys_min, k.bps_eys_max),
                         dimension_index(mys_m, k.bps_mys_min, k.bps_mys_max),
                         ln_dimension_index(exp_m, k.bps_exp_min, k.bps_exp_max)) AS ipm_m,
        pop_f / (pop_f + pop_m) AS pop_share_f,
        pr_f_floored, pr_m_floored, prof_f, prof_m, inc_f, exp_t
    FROM seats CROSS JOIN temp.k k
),
-- IDG: each sex's income per capita from the female income share and the per-capita
-- expenditure, indexed linearly between the (assumed) goalposts.
idg AS (
    SELECT region_code, year,
        edep(pop_share_f, pr_f_floored, pr_m_floored) / k.idg_parity_share AS i_parliament,
        edep(pop_share_f, prof_f, prof_m) / k.idg_parity_share AS i_decision,
        edep(pop_share_f,
             dimension_index(inc_f / 100 * exp_t / pop_share_f, k.idg_income_min, k.idg_income_max),
             dimension_index((1 - inc_f / 100) * exp_t / (1 - pop_share_f), k.idg_income_min, k.idg_income_max)) AS i_income
    FROM bps CROSS JOIN temp.k k
),
value AS (
    SELECT region_code, year, 'hdi_f' AS index_code, hdi_f AS value FROM undp
    UNION ALL SELECT region_code, year, 'hdi_m', hdi_m FROM undp
    UNION ALL SELECT region_code, year, 'gdi', hdi_f / hdi_m FROM undp
    UNION ALL SELECT region_code, year, 'gii', gii FROM undp
    UNION ALL SELECT region_code, year, 'ikg', ikg FROM undp
    UNION ALL SELECT region_code, year, 'ipg', 100 * ipm_f / ipm_m FROM bps
    UNION ALL SELECT region_code, year, 'idg', 100 * (i_parliament + i_decision + i_income) / 3 FROM idg
)
SELECT v.region_code, v.year, v.index_code, v.value, c.complete,
       v.index_code = 'idg' AS approximate,
       index_note(v.index_code, k.ikg_health_constant, list_intersect(w.unreliable, d.inputs),
           list_intersect(w.caution, d.inputs), {
           'idg': 'income part uses assumed goalposts (BPS IPM expenditure goalposts; BPS IDG income goalposts not found); income share: BPS''s sumbangan pendapatan where published, else women''s share of weighted earnings from survey microdata (not BPS''s wage-ratio method)',
           'ikg': 'health term constant {c} calibrated to BPS published IKG',
           'unreliable': 'unreliable inputs (few survey records): ',
           'caution': 'indicative: inputs with a relative standard error of 25-50 %: '}) AS note,
       -- the same note in Indonesian, for the dashboard and the report
       index_note(v.index_code, k.ikg_health_constant, list_intersect(w.unreliable, d.inputs),
           list_intersect(w.caution, d.inputs), {
           'idg': 'bagian pendapatan memakai batas asumsi (batas pengeluaran IPM BPS; batas pendapatan IDG BPS tidak ditemukan); sumbangan pendapatan: angka terbitan BPS bila ada, selain itu porsi perempuan dalam penghasilan tertimbang dari mikrodata survei (bukan metode rasio upah BPS)',
           'ikg': 'konstanta kesehatan {c} dikalibrasi ke IKG terbitan BPS',
           'unreliable': 'input kurang andal (sedikit catatan survei): ',
           'caution': 'indikatif: input dengan galat baku relatif 25-50 %: '}) AS note_id,
       len(list_intersect(w.caution, d.inputs)) > 0 AS indicative
FROM value v
JOIN published.data_completeness c
  ON c.region_code = v.region_code AND c.year = v.year AND c.index_code = v.index_code AND c.complete
JOIN temp.index_definition d ON d.index_code = v.index_code
JOIN w ON w.region_code = v.region_code AND w.year = v.year
CROSS JOIN temp.k k
ORDER BY v.region_code, v.year, d.ordinal;
