SELECT opd_code, opd_name, grade, grade_rule_id, grade_rule_en,
       CAST(activities AS BIGINT), CAST(responsive_activities AS BIGINT), CAST(activities_with_gbs AS BIGINT),
       CAST(gbs_complete_share AS DOUBLE), array_to_string(gap_factors_addressed, ';'),
       CAST(target_female AS DOUBLE), CAST(beneficiaries_female_targeted AS DOUBLE), CAST(female_target_achievement AS DOUBLE),
       CAST(target_male AS DOUBLE), CAST(beneficiaries_male_targeted AS DOUBLE), CAST(male_target_achievement AS DOUBLE),
       CAST(prerequisites_met AS BIGINT), CAST(prerequisites_partial AS BIGINT), CAST(findings_total AS BIGINT)
FROM opd_evaluation
WHERE year = ?
ORDER BY grade NULLS LAST, opd_code;
