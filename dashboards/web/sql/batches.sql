SELECT CAST(batch_id AS BIGINT), file_name, kind, format, CAST(rows_accepted AS BIGINT),
       CAST(rows_rejected AS BIGINT), standing, loaded_at,
       coalesce(reason, ''), coalesce(changed_by, ''), changed_at, CAST(superseded_by AS BIGINT),
       CAST(quarantine_run AS BIGINT), coalesce(quarantine_check, ''), coalesce(quarantine_rows, '')
FROM batch
ORDER BY batch_id DESC;
