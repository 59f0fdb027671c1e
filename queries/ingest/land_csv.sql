-- Land a CSV file as text, in file order (rowid = ordinal of the accepted record). Structural
-- errors (missing or extra fields, bad quotes, invalid UTF-8) go to ingest_reject_errors with
-- their line. The column list is generated: c0 .. cN-1, all VARCHAR, one per header field.
CREATE OR REPLACE TEMP TABLE land AS
SELECT * FROM read_csv(getvariable('ingest_path'),
    columns = /*columns*/,
    header = true,
    delim = getvariable('ingest_delim'),
    quote = '"',
    escape = '"',
    auto_detect = false,
    store_rejects = true,
    rejects_table = 'ingest_reject_errors',
    rejects_scan = 'ingest_reject_scans');
