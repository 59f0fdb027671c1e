-- The record of one batch: the file, its digest, the counts, the outcome and the survey named
-- by `setara ingest --survey` (NULL when none).
INSERT INTO batch (batch_id, file_path, file_name, sha256, size_bytes, kind, format,
    rows_accepted, rows_rejected, strict, status, loaded_at, seconds, survey)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, nullif(trim(?), ''));
