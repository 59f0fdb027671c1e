-- setara_program_responsive_share_ratio{opd, opd_name, year}: responsive budget / budget (0-1).
SELECT opd_code, opd_name, CAST(year AS VARCHAR), CAST(responsive_share AS DOUBLE)
FROM program_summary
WHERE responsive_share IS NOT NULL
ORDER BY opd_code, year;
