-- Survey person records: the latest batch wins for each (region_code, year, person_id).
-- creates: temp.microdata
CREATE OR REPLACE TEMP TABLE temp.microdata AS
SELECT * EXCLUDE (line)
FROM raw_microdata
WHERE batch_id IN (SELECT batch_id FROM counted_batch) -- not retracted or quarantined
QUALIFY row_number() OVER (
    PARTITION BY region_code, year, person_id
    ORDER BY batch_id DESC, line DESC) = 1;
