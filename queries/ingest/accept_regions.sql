-- Accepted rows: every check passed and the key is not duplicated in the file.
INSERT INTO raw_region (batch_id, line, region_code, name, level, parent_code)
SELECT ?, c.line, region_code, name, level, parent_code FROM checked c ANTI JOIN dup d ON c.line = d.line
WHERE c.ok;
