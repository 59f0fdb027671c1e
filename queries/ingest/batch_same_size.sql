-- How many loaded batches of this kind had a file of this size (size_bytes, kind): when
-- none, the file cannot be one loaded before, and its digest runs beside the read.
SELECT count(*) FROM batch WHERE size_bytes = ? AND kind = ? AND status = 'loaded';
