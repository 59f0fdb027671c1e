-- The one pass of a microdata CSV (onepass.go), step 1: every row goes from the reader through
-- the one pass's checks (clean_rows, from check_microdata.sql) into a fresh scratch table, typed.
-- The first row that fails a check stops the statement (error()), and the load falls back to
-- the full path, which names every problem. A fresh table keeps the reader's order in its
-- row ids (no join comes before it), which number the CSV's records (`line` is NULL for a
-- CSV): read_csv gives no record number, and rows appended to an existing table get their
-- final row ids only when the transaction commits. A Parquet file, whose rows bring their row
-- number, skips this table (fast_insert_microdata.sql).
CREATE OR REPLACE TEMP TABLE one_pass AS
SELECT line, region_code, year, person_id, weight, sex, age, years_schooling, highest_education,
    labour_force_status, occupation_group, earnings, ever_married, last_birth_in_facility, age_at_first_birth,
    psu, strata, months_since_last_birth
FROM clean_rows
WHERE CASE WHEN clean THEN true ELSE error('setara: a row fails a check') END;
