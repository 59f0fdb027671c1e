-- Every rejected row of the file: structural rejects from the reader, failed checks, then rows
-- that passed every check but share their key with another row of the file, then rows a
-- cross-row check rejected (cross_KIND.sql: they contradict another row).
INSERT INTO rejected_row (batch_id, file, line, "column", value, reason)
SELECT ?, ?, r.line, h.name, r.value, r.reason
FROM land_reject r LEFT JOIN land_header h ON h.pos = r.pos
UNION ALL
SELECT ?, ?, line, problem."column", problem.value, problem.reason
FROM checked WHERE NOT ok
UNION ALL
SELECT ?, ?, c.line, getvariable('ingest_dup_column'), c.dup_value, d.reason
FROM checked c JOIN dup d ON c.line = d.line
WHERE c.ok
UNION ALL
SELECT ?, ?, line, "column", value, reason
FROM cross_row;
