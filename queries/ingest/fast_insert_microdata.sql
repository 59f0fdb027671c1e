-- The one pass of a microdata Parquet file (onepass.go), step 2 (after fast_check_parquet_microdata.sql
-- found no undeclared region and no repeated key): every row goes from the reader
-- through the one pass's checks (clean_rows, from check_microdata.sql) straight into raw_microdata,
-- inside the batch's transaction. A Parquet row brings its own line (its row number), so no
-- scratch table is needed to number the rows, and writing the rows once instead of twice (a
-- scratch table, then the raw table) is most of the one pass's cost. The first row that fails
-- a check stops the statement (error()), the transaction is rolled back, and the load falls
-- back to the full path, which names every problem.
INSERT INTO raw_microdata (batch_id, line, region_code, year, person_id, weight, sex, age, years_schooling,
    highest_education, labour_force_status, occupation_group, earnings, ever_married,
    last_birth_in_facility, age_at_first_birth, psu, strata, months_since_last_birth)
SELECT getvariable('ingest_batch'), line, region_code, year, person_id, weight, sex, age, years_schooling,
    highest_education, labour_force_status, occupation_group, earnings, ever_married, last_birth_in_facility,
    age_at_first_birth, psu, strata, months_since_last_birth
FROM clean_rows
WHERE CASE WHEN clean THEN true ELSE error('setara: a row fails a check') END;
