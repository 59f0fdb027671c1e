-- Structural rejects of the DuckDB CSV reader, one per line, in the shape Go fills for its own
-- reader: line, 0-based field position (NULL: the whole row), the raw line, reason.
INSERT INTO land_reject
SELECT line,
    arg_min(TRY_CAST(substr(column_name, 2) AS INTEGER), byte_position),
    arg_min(rtrim(csv_line, e'\r\n'), byte_position),
    arg_min(CASE error_type
        WHEN 'MISSING COLUMNS' THEN 'row has ' || regexp_extract(error_message, 'Found: ([0-9]+)', 1)
            || ' fields (expected ' || getvariable('ingest_fields') || ', as in the header)'
        WHEN 'TOO MANY COLUMNS' THEN 'row has ' || regexp_extract(error_message, 'Found: ([0-9]+)', 1)
            || ' fields (expected ' || getvariable('ingest_fields') || ', as in the header)'
        WHEN 'UNQUOTED VALUE' THEN 'unterminated or misplaced quote (expected a closing " after a quoted field)'
        WHEN 'INVALID UNICODE' THEN 'invalid text encoding (expected UTF-8)'
        WHEN 'INVALID ENCODING' THEN 'invalid text encoding (expected UTF-8)'
        WHEN 'LINE SIZE OVER MAXIMUM' THEN 'row is ' || regexp_extract(error_message, 'Actual Size:\s*([0-9]+)', 1)
            || ' bytes long (expected at most ' || regexp_extract(error_message, 'size of ([0-9]+)', 1) || ' bytes per row)'
        ELSE error_message || ' (expected a well-formed CSV row)'
    END, byte_position)
FROM ingest_reject_errors
GROUP BY line;
