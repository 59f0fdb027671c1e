-- The record of one batch: the file, its digest, the counts and the outcome.
INSERT INTO batch (batch_id, file_path, file_name, sha256, size_bytes, kind, format,
    rows_accepted, rows_rejected, strict, status, loaded_at, seconds)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
