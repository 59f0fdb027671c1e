-- Taking a batch back (retract, restore) and setting one aside (quarantine). Nothing is
-- deleted: every change of a batch's standing is a new row of batch_event with who, when and
-- why, and the facts stay in raw_*. The stages read only the facts of counted batches.

CREATE SEQUENCE batch_event_seq START 1;

CREATE TABLE batch_event (
    event_id   BIGINT PRIMARY KEY,
    batch_id   BIGINT NOT NULL,
    action     VARCHAR NOT NULL, -- retracted | quarantined | restored
    changed_at TIMESTAMPTZ NOT NULL,
    changed_by VARCHAR NOT NULL, -- the process user, the token name, or "refresh"
    reason     VARCHAR NOT NULL,
    run_id     BIGINT,           -- quarantined: the run whose blocking check the batch failed
    check_name VARCHAR,          -- quarantined: that check
    check_rows VARCHAR           -- quarantined: its offending rows with this batch (JSON list)
);

-- Batches a probe run of the refresh leaves out (written and rolled back inside the probe's
-- transaction: outside a probe it is empty).
CREATE TABLE run_exclude (batch_id BIGINT NOT NULL);

-- The last change of each batch's standing.
CREATE VIEW batch_hold AS
SELECT batch_id, action, changed_at, changed_by, reason, run_id, check_name, check_rows
FROM batch_event
QUALIFY row_number() OVER (PARTITION BY batch_id ORDER BY event_id DESC) = 1;

-- The batches whose facts count: loaded, neither retracted nor quarantined (or restored since).
CREATE VIEW counted_batch AS
SELECT b.batch_id
FROM batch b
LEFT JOIN batch_hold h ON h.batch_id = b.batch_id
WHERE b.status = 'loaded'
  AND coalesce(h.action, 'restored') = 'restored'
  AND b.batch_id NOT IN (SELECT batch_id FROM run_exclude);

-- Every batch with its standing: active, superseded (a later counted batch of the same kind
-- came from a file of the same name: a new version of the file), retracted, quarantined, or
-- rejected (a strict load with rejected rows: it never had facts).
CREATE VIEW batch_standing AS
WITH later AS (
    SELECT b.batch_id, min(n.batch_id) AS by_batch
    FROM batch b
    JOIN batch n ON n.file_name = b.file_name AND n.kind = b.kind AND n.batch_id > b.batch_id
    WHERE n.batch_id IN (SELECT batch_id FROM counted_batch)
    GROUP BY b.batch_id
)
SELECT b.batch_id,
       CASE WHEN b.status <> 'loaded' THEN b.status
            WHEN h.action IN ('retracted', 'quarantined') THEN h.action
            WHEN l.by_batch IS NOT NULL THEN 'superseded'
            ELSE 'active' END AS standing,
       CASE WHEN h.action IN ('retracted', 'quarantined', 'restored') THEN h.reason
            WHEN b.status = 'loaded' AND l.by_batch IS NOT NULL THEN 'replaced by batch ' || l.by_batch
       END AS reason,
       h.changed_by, h.changed_at, l.by_batch AS superseded_by
FROM batch b
LEFT JOIN batch_hold h ON h.batch_id = b.batch_id
LEFT JOIN later l ON l.batch_id = b.batch_id;

-- Declared regions: built in, overlaid by the latest declaration of each code in a counted
-- batch (the view of 0001_init.sql, now without retracted or quarantined batches).
CREATE OR REPLACE VIEW region AS
SELECT region_code, name, level, parent_code, batch_id
FROM (
    SELECT region_code, name, level, parent_code, 0 AS batch_id, 0 AS line FROM ref_region
    UNION ALL
    SELECT region_code, name, level, parent_code, batch_id, line FROM raw_region
    WHERE batch_id IN (SELECT batch_id FROM counted_batch)
)
QUALIFY row_number() OVER (PARTITION BY region_code ORDER BY batch_id DESC, line DESC) = 1;
