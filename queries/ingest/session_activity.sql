-- Activities declared by a programs file validated earlier in this session (a dry run loads
-- nothing, so the gbs files validated after it look its activities up here). The loader
-- repeats the row of parameters for each activity of a chunk (commit.go).
INSERT INTO ingest_session_activity VALUES (?, ?, ?, ?);
