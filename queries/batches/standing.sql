-- The standing of one batch (batch_id); no row: no such batch.
SELECT s.standing FROM batch_standing s WHERE s.batch_id = ?;
