-- $1 year: the OPD evaluation as published, graded OPDs first, with the findings' codes.
SELECT opd_code, opd_name, grade, grade_rule_id, grade_rule_en, CAST(responsive_activities AS BIGINT),
    CAST(activities_with_gbs AS BIGINT), gbs_complete_share, female_target_achievement, male_target_achievement,
    CAST(prerequisites_met AS BIGINT), CAST(prerequisites_partial AS BIGINT), CAST(findings_total AS BIGINT),
    coalesce(array_to_string(list_transform(findings, f -> f.finding), ','), '')
FROM opd_evaluation WHERE year = $1 ORDER BY grade NULLS LAST, opd_code
