-- The cells of a BPS-style table: for every landed row k (the checks' line), the table's line
-- and column of its value, and the column of its region name.
CREATE OR REPLACE TEMP TABLE table_cell (k BIGINT, line BIGINT, pos INTEGER, value_column VARCHAR, name_column VARCHAR);
