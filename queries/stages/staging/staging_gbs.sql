-- Gender Budget Statements: the latest batch wins for each (year, opd_code, program, activity).
-- creates: temp.gbs
CREATE OR REPLACE TEMP TABLE temp.gbs AS
SELECT * EXCLUDE (line)
FROM raw_gbs
WHERE batch_id IN (SELECT batch_id FROM counted_batch) -- not retracted or quarantined
QUALIFY row_number() OVER (
    PARTITION BY year, opd_code, program, activity
    ORDER BY batch_id DESC, line DESC) = 1;
