-- One upload through the web, whatever its outcome (pipeline/warehouse.RecordUpload).
INSERT INTO upload (uploaded_by, opd_codes, file_name, sha256, size_bytes, uploaded_at, kind, outcome, stored_as,
    rows_accepted, rows_rejected, reason)
VALUES (?, ?, ?, ?, ?, ?, nullif(?, ''), ?, nullif(?, ''), ?, ?, nullif(?, ''))
RETURNING upload_id;
