-- A number, whatever its writing (ingest_num_text, from number_DECIMAL.sql) or its type: a
-- Parquet column already typed DOUBLE or as an integer holds no writing to read, and reaches
-- the checks as it is (checkViews, ingest_native_*): DuckDB keeps only the typed branch when
-- it binds (typeof is a constant there), so the value skips its round trip through text. The
-- text of a DOUBLE reads back as the same DOUBLE, so both branches give the same value.
CREATE OR REPLACE TEMP MACRO ingest_num(x) AS CASE
    WHEN ingest_native_num(x) THEN TRY_CAST(x AS DOUBLE)
    ELSE ingest_num_text(x::VARCHAR)
END;
