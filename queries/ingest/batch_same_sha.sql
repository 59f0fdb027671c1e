-- The last loaded batch of this kind from a byte-identical file (sha256, kind); NULL: none.
SELECT max(batch_id) FROM batch WHERE sha256 = ? AND kind = ? AND status = 'loaded';
