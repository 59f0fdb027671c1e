-- Rejected rows, at most ? of them.
SELECT CAST(batch_id AS BIGINT), file, CAST(line AS BIGINT), coalesce("column", ''),
       coalesce(value, ''), reason
FROM rejected_rows
ORDER BY batch_id, file, line
LIMIT ?;
