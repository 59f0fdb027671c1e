-- $1 year: the prerequisite matrix, the city (KOTA) first.
SELECT opd_code, coalesce(opd_name, ''), prerequisite, coalesce(status, '')
FROM pug_readiness WHERE year = $1 ORDER BY opd_code = 'KOTA' DESC, opd_code, ordinal
