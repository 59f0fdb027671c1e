-- A new batch id (a sequence does not roll back: an id reserved by a load that fails is lost).
SELECT nextval('batch_id_seq');
