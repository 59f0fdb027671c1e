-- The intermediate terms of every computed index value (temp.index_terms), in long form and in
-- formula order, for the derivation of a value (GET /api/derivation, the /asal page): the
-- floored or truncated inputs, the dimension indices, the aggregates by sex and the parts.
-- depends: gender_index, index_terms
-- creates: published.index_term
CREATE OR REPLACE TABLE published.index_term AS
WITH listed AS (
    SELECT region_code, year, 'hdi_f' AS index_code, [
        {'term': 'i_life_f', 'value': undp_i_life_f}, {'term': 'i_eys_f', 'value': undp_i_eys_f},
        {'term': 'i_mys_f', 'value': undp_i_mys_f}, {'term': 'i_income_f', 'value': undp_i_income_f},
        {'term': 'hdi_f', 'value': hdi_f}] AS terms
    FROM temp.index_terms
    UNION ALL
    SELECT region_code, year, 'hdi_m', [
        {'term': 'i_life_m', 'value': undp_i_life_m}, {'term': 'i_eys_m', 'value': undp_i_eys_m},
        {'term': 'i_mys_m', 'value': undp_i_mys_m}, {'term': 'i_income_m', 'value': undp_i_income_m},
        {'term': 'hdi_m', 'value': hdi_m}]
    FROM temp.index_terms
    UNION ALL
    SELECT region_code, year, 'gdi', [
        {'term': 'i_life_f', 'value': undp_i_life_f}, {'term': 'i_eys_f', 'value': undp_i_eys_f},
        {'term': 'i_mys_f', 'value': undp_i_mys_f}, {'term': 'i_income_f', 'value': undp_i_income_f},
        {'term': 'i_life_m', 'value': undp_i_life_m}, {'term': 'i_eys_m', 'value': undp_i_eys_m},
        {'term': 'i_mys_m', 'value': undp_i_mys_m}, {'term': 'i_income_m', 'value': undp_i_income_m},
        {'term': 'hdi_f', 'value': hdi_f}, {'term': 'hdi_m', 'value': hdi_m}]
    FROM temp.index_terms
    UNION ALL
    SELECT region_code, year, 'gii', [
        {'term': 'mmr_truncated', 'value': mmr_truncated},
        {'term': 'pr_f_floored', 'value': pr_f_floored}, {'term': 'pr_m_floored', 'value': pr_m_floored},
        {'term': 'health_f', 'value': gii_health_f}, {'term': 'emp_f', 'value': gii_emp_f},
        {'term': 'emp_m', 'value': gii_emp_m}, {'term': 'g_f', 'value': gii_g_f},
        {'term': 'g_m', 'value': gii_g_m}, {'term': 'harm', 'value': gii_harm},
        {'term': 'g_fm', 'value': gii_g_fm}]
    FROM temp.index_terms
    UNION ALL
    SELECT region_code, year, 'ikg', [
        {'term': 'mtf_floored', 'value': mtf_floored}, {'term': 'mhpk20_floored', 'value': mhpk20_floored},
        {'term': 'pr_f_floored', 'value': pr_f_floored}, {'term': 'pr_m_floored', 'value': pr_m_floored},
        {'term': 'health_f', 'value': ikg_health_f}, {'term': 'emp_f', 'value': ikg_emp_f},
        {'term': 'emp_m', 'value': ikg_emp_m}, {'term': 'g_f', 'value': ikg_g_f},
        {'term': 'g_m', 'value': ikg_g_m}, {'term': 'harm', 'value': ikg_harm},
        {'term': 'g_fm', 'value': ikg_g_fm}]
    FROM temp.index_terms
    UNION ALL
    SELECT region_code, year, 'ipg', [
        {'term': 'i_life_f', 'value': bps_i_life_f}, {'term': 'i_eys_f', 'value': bps_i_eys_f},
        {'term': 'i_mys_f', 'value': bps_i_mys_f}, {'term': 'i_income_f', 'value': bps_i_income_f},
        {'term': 'i_life_m', 'value': bps_i_life_m}, {'term': 'i_eys_m', 'value': bps_i_eys_m},
        {'term': 'i_mys_m', 'value': bps_i_mys_m}, {'term': 'i_income_m', 'value': bps_i_income_m},
        {'term': 'ipm_f', 'value': ipm_f}, {'term': 'ipm_m', 'value': ipm_m}]
    FROM temp.index_terms
    UNION ALL
    SELECT region_code, year, 'idg', [
        {'term': 'pop_share_f', 'value': pop_share_f},
        {'term': 'pr_f_floored', 'value': pr_f_floored}, {'term': 'pr_m_floored', 'value': pr_m_floored},
        {'term': 'i_parliament', 'value': idg_i_parliament}, {'term': 'i_decision', 'value': idg_i_decision},
        {'term': 'i_income_f', 'value': idg_i_income_f}, {'term': 'i_income_m', 'value': idg_i_income_m},
        {'term': 'i_income', 'value': idg_i_income}]
    FROM temp.index_terms
),
term AS (
    SELECT region_code, year, index_code, unnest(terms) AS t, generate_subscripts(terms, 1) AS ordinal
    FROM listed
)
SELECT t.region_code, t.year, t.index_code, t.ordinal, t.t.term AS term, t.t.value AS value
FROM term t
JOIN published.gender_index g USING (region_code, year, index_code)
ORDER BY t.region_code, t.year, t.index_code, t.ordinal;
