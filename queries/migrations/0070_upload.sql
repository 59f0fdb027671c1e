-- Uploads through the web (issue: OPD staff submit through the web). Every upload is a row,
-- whatever its outcome: who (the token's name), the OPDs the account may report, the file name
-- as sent, its sha256 and size, when, the outcome (stored: in the inbox for the next refresh;
-- rejected: it had rejected rows, nothing stored; refused: not a file the account may send),
-- the inbox file it was stored as, its row counts and why it was refused. Nothing is deleted.
CREATE SEQUENCE upload_id_seq START 1;
CREATE TABLE upload (
    upload_id     BIGINT PRIMARY KEY DEFAULT nextval('upload_id_seq'),
    uploaded_by   VARCHAR NOT NULL,
    opd_codes     VARCHAR NOT NULL, -- the account's OPD codes, comma-separated ('' for an admin)
    file_name     VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,
    size_bytes    BIGINT NOT NULL,
    uploaded_at   TIMESTAMPTZ NOT NULL,
    kind          VARCHAR,
    outcome       VARCHAR NOT NULL, -- stored, rejected, refused
    stored_as     VARCHAR,          -- the inbox file name, when stored
    rows_accepted BIGINT NOT NULL DEFAULT 0,
    rows_rejected BIGINT NOT NULL DEFAULT 0,
    reason        VARCHAR
);

-- The uploader of the file a batch was loaded from (NULL: not uploaded through the web).
ALTER TABLE batch ADD COLUMN uploaded_by VARCHAR;
