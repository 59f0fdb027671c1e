-- Accepted facts of a BPS-style table: as accept_indicators.sql, each fact on the table's line.
INSERT INTO raw_indicator BY NAME
SELECT ? AS batch_id, c.* EXCLUDE (ok, problem, dup_raw, dup_value) REPLACE (t.line AS line)
FROM checked c JOIN table_cell t ON t.k = c.line ANTI JOIN dup d ON c.line = d.line
    ANTI JOIN cross_row x ON c.line = x.line
WHERE c.ok;
