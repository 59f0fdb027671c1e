-- Every rejected row of the file: structural rejects from the reader, then failed checks.
INSERT INTO rejected_row (batch_id, file, line, "column", value, reason)
SELECT ?, ?, r.line, h.name, r.value, r.reason
FROM land_reject r LEFT JOIN land_header h ON h.pos = r.pos
UNION ALL
SELECT ?, ?, line, problem."column", problem.value, problem.reason
FROM checked WHERE NOT ok;
