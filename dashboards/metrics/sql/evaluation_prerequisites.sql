-- setara_evaluation_prerequisites_met{opd, opd_name, year}: prerequisites of PUG in place (ada, 0-7),
-- for every OPD and the city (opd="KOTA") that reported them.
SELECT r.opd_code, CASE WHEN r.opd_code = 'KOTA' THEN 'Kota Medan' ELSE coalesce(any_value(r.opd_name), r.opd_code) END,
       CAST(r.year AS VARCHAR), CAST(count(*) FILTER (WHERE r.status = 'ada') AS DOUBLE)
FROM pug_readiness r
GROUP BY r.opd_code, r.year
ORDER BY r.opd_code, r.year;
