-- OPD program activities: the latest batch wins for each (year, opd_code, program, activity).
-- creates: temp.program
CREATE OR REPLACE TEMP TABLE temp.program AS
SELECT * EXCLUDE (line)
FROM raw_program
WHERE batch_id IN (SELECT batch_id FROM counted_batch) -- not retracted or quarantined
QUALIFY row_number() OVER (
    PARTITION BY year, opd_code, program, activity
    ORDER BY batch_id DESC, line DESC) = 1;
