-- The published value of one index value beside the computed one.
SELECT published, computed, agrees, precision, coalesce(source, ''), coalesce(file, ''), line
FROM index_check WHERE index_code = ? AND region_code = ? AND year = ?;
