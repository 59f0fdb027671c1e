-- The regions a regions file declares: its accepted rows (a dry run keeps them for the
-- files validated after it in this session: their codes for the checks, their names for the
-- tables).
SELECT c.region_code, c.name, c.level, coalesce(c.parent_code, '')
FROM checked c ANTI JOIN dup d ON c.line = d.line WHERE c.ok;
