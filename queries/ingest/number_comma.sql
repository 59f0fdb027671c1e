-- Numbers written the Indonesian way: 1.234,5 (point thousands groups, comma decimal).
-- A point that is not a thousands separator (1.5) is rejected, never guessed.
CREATE OR REPLACE TEMP MACRO ingest_num_text(x) AS CASE
    WHEN regexp_full_match(ingest_trim(x), '[+-]?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)(,[0-9]+)?')
        THEN TRY_CAST(replace(replace(ingest_trim(x), '.', ''), ',', '.') AS DOUBLE)
END;
