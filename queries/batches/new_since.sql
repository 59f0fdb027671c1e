-- The counted batches above a batch id (the highest one the last committed run had): the
-- batches a refresh may quarantine, oldest first.
SELECT batch_id FROM counted_batch WHERE batch_id > ? ORDER BY batch_id;
