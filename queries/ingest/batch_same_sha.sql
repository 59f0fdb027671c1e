-- The last loaded batch of this kind from a byte-identical file (sha256, kind) that still
-- counts; NULL: none (a file whose batch was retracted or quarantined loads again).
SELECT max(batch_id) FROM batch WHERE sha256 = ? AND kind = ? AND status = 'loaded'
    AND batch_id IN (SELECT batch_id FROM counted_batch);
