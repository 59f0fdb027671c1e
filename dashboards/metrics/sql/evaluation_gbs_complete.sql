-- setara_evaluation_gbs_complete_ratio{opd, opd_name, year}: share of the OPD's gender-responsive
-- activities with a complete GBS (0-1); OPDs without a responsive activity have none.
SELECT opd_code, opd_name, CAST(year AS VARCHAR), CAST(gbs_complete_share AS DOUBLE)
FROM opd_evaluation
WHERE gbs_complete_share IS NOT NULL
ORDER BY opd_code, year;
