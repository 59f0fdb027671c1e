-- PUG prerequisites: the latest batch wins for each (year, opd_code, prerequisite).
-- creates: temp.readiness
CREATE OR REPLACE TEMP TABLE temp.readiness AS
SELECT * EXCLUDE (line)
FROM raw_readiness
WHERE batch_id IN (SELECT batch_id FROM counted_batch) -- not retracted or quarantined
QUALIFY row_number() OVER (
    PARTITION BY year, opd_code, prerequisite
    ORDER BY batch_id DESC, line DESC) = 1;
