-- The input facts of one index value, with their batch, file and line.
SELECT input, indicator, sex, value, coalesce(unit_id, ''), coalesce(unit_en, ''), coalesce(source, ''),
       coalesce(origin, ''), batch_id, coalesce(file, ''), line
FROM index_input_fact WHERE index_code = ? AND region_code = ? AND year = ?
ORDER BY ordinal;
