-- The rejected rows of one batch, in file order, for the NAME.errors.csv of a failed inbox file.
SELECT line, "column", value, reason
FROM rejected_row
WHERE batch_id = ?
ORDER BY line NULLS FIRST, "column";
