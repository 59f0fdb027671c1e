-- Every batch with its standing, newest first.
SELECT b.batch_id, b.file_name, b.file_path, b.kind, b.sha256, b.rows_accepted, b.rows_rejected,
       b.loaded_at, s.standing, coalesce(s.reason, ''), coalesce(s.changed_by, ''), s.changed_at,
       coalesce(b.uploaded_by, '')
FROM batch b
JOIN batch_standing s ON s.batch_id = b.batch_id
ORDER BY b.batch_id DESC;
