-- The intermediate terms of one index value, in formula order.
SELECT term, value FROM index_term WHERE index_code = ? AND region_code = ? AND year = ? ORDER BY ordinal;
