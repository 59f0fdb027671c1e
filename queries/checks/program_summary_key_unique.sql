-- One program summary row per OPD and year, with a complete key.
-- severity: blocking
-- depends: program_summary
SELECT year, opd_code, count(*) AS n
FROM published.program_summary
GROUP BY year, opd_code
HAVING count(*) > 1 OR year IS NULL OR opd_code IS NULL
ORDER BY year, opd_code
