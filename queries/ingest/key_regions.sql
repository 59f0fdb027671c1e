-- The key of every row that has one (rows failing other checks too: a duplicate names them).
CREATE OR REPLACE TEMP VIEW keyed AS
SELECT line, {'region_code': region_code} AS k
FROM checked WHERE region_code IS NOT NULL;
