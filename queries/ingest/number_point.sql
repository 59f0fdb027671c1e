-- Numbers written 1234.5 (point decimal, no thousands separator).
CREATE OR REPLACE TEMP MACRO ingest_num(x) AS TRY_CAST(trim(x) AS DOUBLE);
