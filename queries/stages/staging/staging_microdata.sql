-- Survey person records: the latest batch wins for each (region_code, year, person_id).
-- creates: temp.microdata
CREATE OR REPLACE TEMP TABLE temp.microdata AS
SELECT batch_id, region_code, year, person_id, weight, sex, age, years_schooling,
       highest_education, labour_force_status, occupation_group, earnings, ever_married,
       last_birth_in_facility, age_at_first_birth
FROM raw_microdata
QUALIFY row_number() OVER (
    PARTITION BY region_code, year, person_id
    ORDER BY batch_id DESC, line DESC) = 1;
