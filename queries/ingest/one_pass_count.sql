-- The records the one pass landed.
SELECT count(*) FROM one_pass;
