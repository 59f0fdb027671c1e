-- Accepted rows: every check passed, the key is not duplicated in the file and no cross-row
-- check (cross_indicators.sql) rejected the row. The columns
-- go by name: the checked view holds the table's columns plus the checks' own.
INSERT INTO raw_indicator BY NAME
SELECT ? AS batch_id, c.* EXCLUDE (ok, problem, dup_raw, dup_value)
FROM checked c ANTI JOIN dup d ON c.line = d.line ANTI JOIN cross_row x ON c.line = x.line
WHERE c.ok;
