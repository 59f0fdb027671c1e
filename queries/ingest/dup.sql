-- Rows whose key (view `keyed`, from key_KIND.sql) occurs more than once in the file: every
-- occurrence is rejected, naming all the lines, since nothing says which one is right.
CREATE OR REPLACE TEMP TABLE dup AS
WITH d AS (
    SELECT k FROM keyed GROUP BY k HAVING count(*) > 1
), l AS (
    SELECT keyed.k, keyed.line FROM keyed SEMI JOIN d ON keyed.k = d.k
), g AS (
    SELECT k, string_agg(line::VARCHAR, ', ' ORDER BY line) AS lines FROM l GROUP BY k
)
SELECT l.line, 'duplicate key ' || getvariable('ingest_key') || ' on lines ' || g.lines
    || ' (expected one row per ' || getvariable('ingest_key') || ')' AS reason
FROM l JOIN g ON l.k = g.k;
