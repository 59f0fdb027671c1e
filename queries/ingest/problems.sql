-- The first problems of a batch (batch_id, how many), by line, for its Result: the file's
-- problems (line NULL) first. rejected_row holds all of them.
SELECT coalesce(line, 0), coalesce("column", ''), coalesce(value, ''), reason
FROM rejected_row
WHERE batch_id = ?
ORDER BY line NULLS FIRST, "column"
LIMIT ?;
