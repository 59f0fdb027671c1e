-- Where a cell of a BPS-style table is, in a cross-row check's message: the table's line and
-- the value's column (records are numbered by cell, table_cell maps them back).
CREATE OR REPLACE TEMP MACRO cross_place(x) AS
    (SELECT 'line ' || t.line || ' column ' || t.value_column FROM table_cell t WHERE t.k = x);
