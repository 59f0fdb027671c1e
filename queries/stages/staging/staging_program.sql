-- OPD program activities: the latest batch wins for each (year, opd_code, program, activity).
-- creates: temp.program
CREATE OR REPLACE TEMP TABLE temp.program AS
SELECT * EXCLUDE (line)
FROM raw_program
QUALIFY row_number() OVER (
    PARTITION BY year, opd_code, program, activity
    ORDER BY batch_id DESC, line DESC) = 1;
