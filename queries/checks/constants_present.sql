-- Every constant the formulas use is defined in data/constants.csv (ref_constant).
-- severity: blocking
-- depends: constants
SELECT r.name AS missing_constant
FROM (VALUES
    ('undp_le_f_min'), ('undp_le_f_max'), ('undp_le_m_min'), ('undp_le_m_max'),
    ('undp_eys_min'), ('undp_eys_max'), ('undp_mys_min'), ('undp_mys_max'),
    ('undp_gni_min'), ('undp_gni_max'),
    ('bps_le_f_min'), ('bps_le_f_max'), ('bps_le_m_min'), ('bps_le_m_max'),
    ('bps_eys_min'), ('bps_eys_max'), ('bps_mys_min'), ('bps_mys_max'),
    ('bps_exp_min'), ('bps_exp_max'),
    ('gii_mmr_min'), ('gii_mmr_max'), ('gii_parliament_floor'), ('ikg_health_constant'),
    ('idg_parity_share'), ('idg_income_min'), ('idg_income_max'),
    ('ranking_weight_responsive'), ('ranking_weight_realization'), ('ranking_weight_output'),
    ('consistency_tolerance')
) AS r (name)
WHERE r.name NOT IN (SELECT name FROM ref_constant)
ORDER BY r.name
