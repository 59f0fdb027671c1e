-- Accepted rows: every check passed and the key is not duplicated in the file.
INSERT INTO raw_indicator (batch_id, line, region_code, year, indicator, sex, value, source, note)
SELECT ?, c.line, region_code, year, indicator, sex, value, source, note FROM checked c ANTI JOIN dup d ON c.line = d.line
WHERE c.ok;
