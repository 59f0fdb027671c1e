SELECT CAST(batch_id AS BIGINT), file_name, kind, format, CAST(rows_accepted AS BIGINT),
       CAST(rows_rejected AS BIGINT), status, loaded_at
FROM batch
ORDER BY batch_id DESC;
