-- One index for the children of a region in one year.
SELECT g.region_code, CAST(g.value AS DOUBLE), coalesce(g.complete, true),
       coalesce(g.approximate, false), coalesce(g.note, ''), coalesce(g.note_id, '')
FROM gender_index g
JOIN region r ON r.region_code = g.region_code
WHERE r.parent_code = ? AND g.index_code = ? AND g.year = ? AND g.value IS NOT NULL;
