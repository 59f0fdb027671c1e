-- setara_target_group_beneficiaries{group, year, sex}: sex P (female) or L (male).
SELECT target_group, CAST(year AS VARCHAR), sex, CAST(n AS DOUBLE)
FROM (
    SELECT target_group, year, 'P' AS sex, beneficiaries_female AS n FROM target_group_summary
    UNION ALL
    SELECT target_group, year, 'L', beneficiaries_male FROM target_group_summary
)
WHERE n IS NOT NULL
ORDER BY target_group, year, sex;
