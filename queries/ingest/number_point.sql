-- Numbers written 1234.5 (point decimal, no thousands separator).
-- (trim only for the values that do not cast as they are)
-- The cast alone also reads 1_000 (digit separators), hexadecimal and a doubled sign (+-1.5
-- as -1.5, found by FuzzMacros); those are refused.
CREATE OR REPLACE TEMP MACRO ingest_num_text(x) AS CASE WHEN NOT contains(x, '_') AND NOT contains(x, 'x') AND NOT contains(x, 'X')
    AND NOT contains(x, '+-')
    THEN coalesce(TRY_CAST(x AS DOUBLE), TRY_CAST(trim(x) AS DOUBLE)) END;
