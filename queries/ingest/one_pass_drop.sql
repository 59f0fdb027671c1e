-- The one pass's scratch table, dropped when the one pass ends (done or declined).
DROP TABLE IF EXISTS one_pass;
