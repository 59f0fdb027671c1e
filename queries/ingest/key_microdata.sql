-- The key of every row that has one (rows failing other checks too: a duplicate names them).
CREATE OR REPLACE TEMP VIEW keyed AS
SELECT line, {'region_code': region_code, 'year': year, 'person_id': person_id} AS k
FROM checked
WHERE region_code IS NOT NULL AND year IS NOT NULL AND person_id IS NOT NULL;
