SELECT opd_code, opd_name, CAST(activities AS BIGINT), CAST(responsive_activities AS BIGINT),
       CAST(budget AS DOUBLE), CAST(realization AS DOUBLE), CAST(realization_rate AS DOUBLE),
       CAST(responsive_budget AS DOUBLE), CAST(responsive_share AS DOUBLE),
       CAST(output_achievement AS DOUBLE), CAST(beneficiaries_female AS DOUBLE),
       CAST(beneficiaries_male AS DOUBLE), CAST(female_share AS DOUBLE)
FROM program_summary
WHERE year = ?
ORDER BY opd_code;
