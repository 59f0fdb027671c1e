-- Where a record of a long file is, in a cross-row check's message: its line.
CREATE OR REPLACE TEMP MACRO cross_place(x) AS 'line ' || x;
