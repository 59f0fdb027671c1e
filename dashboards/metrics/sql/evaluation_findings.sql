-- setara_evaluation_findings{opd, opd_name, year, finding}: the OPD's activities with the finding.
SELECT f.opd_code, e.opd_name, CAST(f.year AS VARCHAR), f.finding, CAST(f.activities AS DOUBLE)
FROM opd_finding f
JOIN opd_evaluation e USING (year, opd_code)
ORDER BY f.opd_code, f.year, f.ordinal;
