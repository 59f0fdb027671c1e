-- Cells of a BPS-style table whose key (view `keyed`, from key_indicators.sql, by the landed
-- row k) occurs more than once: a region written twice, a year and sex in two columns. Every
-- occurrence is rejected, naming the cells (at most 10), since nothing says which is right.
CREATE OR REPLACE TEMP TABLE dup AS
WITH d AS (
    SELECT k FROM keyed GROUP BY k HAVING count(*) > 1
), l AS (
    SELECT keyed.k, keyed.line, t.value_column || t.line AS cell, t.line AS table_line, t.pos
    FROM keyed JOIN table_cell t ON t.k = keyed.line
    WHERE keyed.k IN (SELECT k FROM d)
), g AS (
    SELECT k, array_to_string(list(cell ORDER BY table_line, pos)[1:10], ', ')
        || CASE WHEN count(*) > 10 THEN ' and ' || (count(*) - 10) || ' more' ELSE '' END AS cells
    FROM l GROUP BY k
)
SELECT l.line, 'duplicate key ' || getvariable('ingest_key') || ' in cells ' || g.cells
    || ' (expected one value per ' || getvariable('ingest_key') || ')' AS reason
FROM l JOIN g ON l.k = g.k;
