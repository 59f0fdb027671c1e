-- Numbers of an XLSX sheet: numeric cells arrive as the workbook stores them (1234.5, never
-- with a thousands separator), text cells as typed, often the Indonesian way (1.234,5). So the
-- format is decided per value: a value with a comma is read the Indonesian way, any other as a
-- plain number. A whole sheet is never switched to one format by one cell.
CREATE OR REPLACE TEMP MACRO ingest_num_text(x) AS CASE
    WHEN contains(x, ',') THEN
        CASE WHEN regexp_full_match(ingest_trim(x), '[+-]?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)(,[0-9]+)?')
             THEN TRY_CAST(replace(replace(ingest_trim(x), '.', ''), ',', '.') AS DOUBLE) END
    WHEN NOT contains(x, '_') AND NOT contains(lower(x), 'x') AND NOT contains(x, '+-') -- see number_point.sql
        THEN coalesce(TRY_CAST(x AS DOUBLE), TRY_CAST(trim(x) AS DOUBLE))
END;
