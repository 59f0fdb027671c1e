-- Rows whose key (view `keyed`, from key_KIND.sql) occurs more than once in the file: every
-- occurrence is rejected, naming all the lines, since nothing says which one is right.
CREATE OR REPLACE TEMP TABLE dup AS
WITH d AS (
    SELECT k FROM keyed GROUP BY k HAVING count(*) > 1
), l AS (
    SELECT keyed.k, keyed.line FROM keyed SEMI JOIN d ON keyed.k = d.k
), g AS (
    -- at most 10 lines are named: a key repeated a million times must not make a million
    -- messages of a million line numbers each
    SELECT k, array_to_string(list(line ORDER BY line)[1:10], ', ')
        || CASE WHEN count(*) > 10 THEN ' and ' || (count(*) - 10) || ' more' ELSE '' END AS lines
    FROM l GROUP BY k
)
SELECT l.line, 'duplicate key ' || getvariable('ingest_key') || ' on lines ' || g.lines
    || ' (expected one row per ' || getvariable('ingest_key') || ')' AS reason
FROM l JOIN g ON l.k = g.k;
