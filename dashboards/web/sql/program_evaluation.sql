-- The activities the evaluation speaks of: gender-responsive ones, and any with a GBS or a finding.
SELECT opd_code, program, activity, gender_responsive, has_gbs, gbs_complete, array_to_string(gap_factors, ';'),
       CAST(target_female AS DOUBLE), CAST(beneficiaries_female AS DOUBLE), CAST(female_target_achievement AS DOUBLE),
       CAST(target_male AS DOUBLE), CAST(beneficiaries_male AS DOUBLE), CAST(male_target_achievement AS DOUBLE),
       data_indicator, CAST(data_year AS INTEGER), CAST(data_female AS DOUBLE), CAST(data_male AS DOUBLE),
       array_to_string(findings, ';')
FROM program_evaluation
WHERE year = ? AND (gender_responsive OR has_gbs OR len(findings) > 0)
ORDER BY opd_code, program, activity;
