-- Approval before publishing: a run started with --candidate publishes its snapshot under
-- published/candidates/, which readers never follow, and records a 'candidate' row here in its
-- own transaction. `setara approve` and `setara reject` add a row each; nothing is deleted, so
-- the latest row of a run is its standing and the earlier ones say who decided what, when, why.
CREATE SEQUENCE run_approval_seq START 1;

CREATE TABLE run_approval (
    approval_id BIGINT PRIMARY KEY DEFAULT nextval('run_approval_seq'),
    run_id      BIGINT NOT NULL,
    decision    VARCHAR NOT NULL, -- candidate | approved | rejected
    decided_by  VARCHAR NOT NULL, -- the run's trigger for 'candidate'; a person or token name
    decided_at  TIMESTAMPTZ NOT NULL,
    reason      VARCHAR
);

-- The standing of every candidate run: its latest decision.
CREATE VIEW run_approval_state AS
SELECT a.run_id, r.snapshot, r.finished_at, a.decision AS standing, a.decided_by, a.decided_at, a.reason
FROM run_approval a
JOIN run r ON r.run_id = a.run_id
QUALIFY row_number() OVER (PARTITION BY a.run_id ORDER BY a.approval_id DESC) = 1;
