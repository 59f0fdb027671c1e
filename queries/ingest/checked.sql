-- The checked rows: check_row with each record's line and the value a duplicate key is
-- reported with. The loader puts in, from constants only, the line (r.line, or the rowid
-- numbering of a direct CSV), its join, and the kind's duplicate column. Kinds whose rows
-- need more have their own checked_KIND.sql.
CREATE OR REPLACE TEMP VIEW checked AS
SELECT /*line*/ AS line, r.* EXCLUDE (line), coalesce(r.dup_raw, r./*dup_column*/) AS dup_value
FROM check_row r /*join*/;
