-- GET /api/indices: gender_index filtered by region ($1), year ($2), index ($3); NULL = any.
SELECT g.region_code, r.name AS region_name, g.year, g.index_code, g.value, g.complete,
       g.approximate, g.note
FROM gender_index g
LEFT JOIN region r USING (region_code)
WHERE ($1::VARCHAR IS NULL OR g.region_code = $1::VARCHAR)
  AND ($2::INTEGER IS NULL OR g.year = $2::INTEGER)
  AND ($3::VARCHAR IS NULL OR g.index_code = $3::VARCHAR)
ORDER BY g.region_code, g.year, g.index_code;
