-- The key of every row that has one (rows failing other checks too: a duplicate names them).
CREATE OR REPLACE TEMP VIEW keyed AS
SELECT line, {'year': year, 'opd_code': opd_code, 'program': program, 'activity': activity} AS k
FROM checked
WHERE year IS NOT NULL AND opd_code IS NOT NULL AND program IS NOT NULL AND activity IS NOT NULL;
