SELECT opd_code, opd_name, prerequisite, status, evidence
FROM pug_readiness
WHERE year = ?
ORDER BY opd_code = 'KOTA' DESC, opd_code, ordinal;
