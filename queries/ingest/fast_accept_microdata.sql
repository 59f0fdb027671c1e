-- The one pass of a CSV, step 3: the landed rows go to raw_microdata, numbered. A CSV record k
-- (0-based, the row id) is on line k + header line + 1, since onepass.go checked that every
-- record sat on its own line.
INSERT INTO raw_microdata (batch_id, line, region_code, year, person_id, weight, sex, age, years_schooling,
    highest_education, labour_force_status, occupation_group, earnings, ever_married,
    last_birth_in_facility, age_at_first_birth, psu, strata, months_since_last_birth)
SELECT getvariable('ingest_batch'), coalesce(line, rowid + getvariable('ingest_header_line') + 1),
    region_code, year, person_id, weight, sex, age, years_schooling, highest_education,
    labour_force_status, occupation_group, earnings, ever_married, last_birth_in_facility, age_at_first_birth,
    psu, strata, months_since_last_birth
FROM one_pass;
