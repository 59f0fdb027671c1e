-- Accepted rows: every check passed and the key is not duplicated in the file.
INSERT INTO raw_gbs BY NAME
SELECT ? AS batch_id, c.* EXCLUDE (ok, problem, dup_raw, dup_value)
FROM checked c ANTI JOIN dup d ON c.line = d.line
WHERE c.ok;
