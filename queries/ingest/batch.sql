-- The record of one batch: the file, its digest, the counts, the outcome, the survey named
-- by `setara ingest --survey` (NULL when none) and, for a file uploaded through the web, its
-- uploader (the upload stored under this name with this digest).
INSERT INTO batch (batch_id, file_path, file_name, sha256, size_bytes, kind, format,
    rows_accepted, rows_rejected, strict, status, loaded_at, seconds, survey, uploaded_by)
SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, nullif(trim($14), ''),
    (SELECT max(uploaded_by) FROM upload WHERE stored_as = $3 AND sha256 = $4 AND outcome = 'stored');
