-- Numbers written 1234.5 (point decimal, no thousands separator).
-- (trim only for the values that do not cast as they are; see ingest_int)
CREATE OR REPLACE TEMP MACRO ingest_num(x) AS coalesce(TRY_CAST(x AS DOUBLE), TRY_CAST(trim(x) AS DOUBLE));
