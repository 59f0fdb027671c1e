-- Survey person records: the latest batch wins for each (region_code, year, person_id).
-- creates: temp.microdata
CREATE OR REPLACE TEMP TABLE temp.microdata AS
SELECT * EXCLUDE (line)
FROM raw_microdata
QUALIFY row_number() OVER (
    PARTITION BY region_code, year, person_id
    ORDER BY batch_id DESC, line DESC) = 1;
