-- The CSV reader as a FROM item: text columns c0 .. cN-1 (the list is generated, all VARCHAR,
-- one per header field), in file order. Structural errors (missing or extra fields, bad
-- quotes, invalid UTF-8) go to ingest_reject_errors with their line. It is read once: into the
-- text landing table `land`, or (kinds whose checks keep the file order) straight into the
-- checks, whose table then numbers the records by rowid.
read_csv(getvariable('ingest_path'),
    columns = /*columns*/,
    header = true,
    delim = getvariable('ingest_delim'),
    quote = '"',
    escape = '"',
    auto_detect = false,
    store_rejects = true,
    rejects_table = 'ingest_reject_errors',
    rejects_scan = 'ingest_reject_scans')
