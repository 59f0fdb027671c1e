-- setara_program_realization_rupiah{opd, opd_name, year}
SELECT opd_code, opd_name, CAST(year AS VARCHAR), CAST(realization AS DOUBLE)
FROM program_summary
WHERE realization IS NOT NULL
ORDER BY opd_code, year;
