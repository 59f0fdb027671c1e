-- The region codes a regions file declares: its accepted rows (a dry run keeps them for the
-- files validated after it in this session).
SELECT c.region_code FROM checked c ANTI JOIN dup d ON c.line = d.line WHERE c.ok;
