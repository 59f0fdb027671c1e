-- A region declared by a regions file validated earlier in this session (a dry run loads
-- nothing, so the files validated after it look its regions up here).
INSERT INTO ingest_session_region VALUES (?);
