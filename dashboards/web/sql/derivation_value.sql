-- One index value: its value, completeness, approximation and notes.
SELECT value, complete, approximate, coalesce(note, ''), coalesce(note_id, '')
FROM gender_index WHERE index_code = ? AND region_code = ? AND year = ?;
