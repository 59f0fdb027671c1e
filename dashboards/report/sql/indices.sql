-- $1 region, $2 report year: the BPS gender indices of the region up to the report year.
SELECT year, index_code, value, coalesce(complete, false), coalesce(approximate, false), coalesce(note, ''), coalesce(note_id, '')
FROM gender_index
WHERE region_code = $1 AND year <= $2 AND index_code IN ('ipg', 'idg', 'ikg')
ORDER BY index_code, year
