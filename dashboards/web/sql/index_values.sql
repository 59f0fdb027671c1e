-- Every index value of one region.
SELECT CAST(year AS INTEGER), index_code, CAST(value AS DOUBLE), coalesce(complete, true),
       coalesce(approximate, false), coalesce(note, ''), coalesce(note_id, '')
FROM gender_index
WHERE region_code = ? AND value IS NOT NULL
ORDER BY index_code, year;
