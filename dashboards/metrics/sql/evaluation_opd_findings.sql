-- setara_evaluation_opd_findings{opd, opd_name, year}: the OPD's findings over all codes (0 when
-- it has none), one per activity and finding.
SELECT opd_code, opd_name, CAST(year AS VARCHAR), CAST(findings_total AS DOUBLE)
FROM opd_evaluation
ORDER BY opd_code, year;
