-- The constants of data/constants.csv (ref_constant) as one row with a column per name, so
-- formulas read k.undp_le_f_min and a missing constant is a binder error naming it.
-- creates: temp.k
CREATE OR REPLACE TEMP TABLE temp.k AS
PIVOT (SELECT name, value FROM ref_constant) ON name USING first(value);
