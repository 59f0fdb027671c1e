-- setara_program_beneficiaries{opd, opd_name, year, sex}: sex P (female) or L (male).
SELECT opd_code, opd_name, CAST(year AS VARCHAR), sex, CAST(n AS DOUBLE)
FROM (
    SELECT opd_code, opd_name, year, 'P' AS sex, beneficiaries_female AS n FROM program_summary
    UNION ALL
    SELECT opd_code, opd_name, year, 'L', beneficiaries_male FROM program_summary
)
WHERE n IS NOT NULL
ORDER BY opd_code, year, sex;
