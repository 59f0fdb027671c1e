-- Lines of a one-pass CSV batch. The batch's rows are still this transaction's own, inserted
-- in file order (preserve_insertion_order), so their row ids are consecutive in file order:
-- record k (0-based) is on line k + header line + 1, since fast.go checked that every record
-- sat on its own line.
UPDATE raw_microdata
SET line = rowid - (SELECT min(rowid) FROM raw_microdata WHERE batch_id = getvariable('ingest_batch'))
    + getvariable('ingest_header_line') + 1
WHERE batch_id = getvariable('ingest_batch');
