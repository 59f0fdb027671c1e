-- The checks, run once (check_KIND.sql made the view check_rows): typed values, ok and the
-- problem of every row, in the order of the landing data.
CREATE OR REPLACE TEMP TABLE check_row AS SELECT * FROM check_rows;
