-- $1 year: gender-responsive budgeting by OPD.
SELECT opd_code, opd_name, CAST(activities AS BIGINT), CAST(responsive_activities AS BIGINT),
    budget, realization, realization_rate, responsive_budget, responsive_share, output_achievement,
    CAST(beneficiaries_female AS BIGINT), CAST(beneficiaries_male AS BIGINT), female_share
FROM program_summary WHERE year = $1 ORDER BY opd_code
