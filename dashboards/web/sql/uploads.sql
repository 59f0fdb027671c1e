-- The latest uploads through the web (newest first), when the snapshot has them.
SELECT upload_id, uploaded_at, uploaded_by, opd_codes, file_name, coalesce(kind, ''), outcome,
       rows_accepted, rows_rejected, coalesce(stored_as, ''), coalesce(reason, '')
FROM upload
ORDER BY upload_id DESC
LIMIT 200;
