-- Every rejected row of a BPS-style table, on the table's line and column: rows rejected
-- before the checks (a region name that matches no region, or two; land_header holds the
-- column letters), cells that failed a check (a region problem on the name's column, any
-- other on the value's), then cells that share their key with another cell (their value as
-- written: land's c4, the landed value column), then cells a cross-row check rejected
-- (cross_KIND.sql: they contradict another cell or a stored fact).
INSERT INTO rejected_row (batch_id, file, line, "column", value, reason)
SELECT ?, ?, r.line, h.name, r.value, r.reason
FROM land_reject r LEFT JOIN land_header h ON h.pos = r.pos
UNION ALL
SELECT ?, ?, t.line, CASE WHEN c.problem."column" = 'region_code' THEN t.name_column ELSE t.value_column END,
    c.problem.value, c.problem.reason
FROM checked c JOIN table_cell t ON t.k = c.line WHERE NOT c.ok
UNION ALL
SELECT ?, ?, t.line, t.value_column, l.c4, d.reason
FROM checked c JOIN dup d ON c.line = d.line JOIN table_cell t ON t.k = c.line JOIN land l ON l.line = c.line
WHERE c.ok
UNION ALL
SELECT ?, ?, t.line, t.value_column, x.value, x.reason
FROM cross_row x JOIN table_cell t ON t.k = x.line;
