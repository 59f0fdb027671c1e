-- The one-pass load of a microdata file (fast.go): every row goes straight from the reader,
-- through the same checks (check_rows, from check_microdata.sql), into raw_microdata. The
-- first row that fails a check stops the statement (error()), and the load falls back to the
-- full path, which names every problem. `line` is the Parquet row number, or 0 for a CSV,
-- whose lines are numbered afterwards (fast_lines_microdata.sql).
INSERT INTO raw_microdata (batch_id, line, region_code, year, person_id, weight, sex, age, years_schooling,
    highest_education, labour_force_status, occupation_group, earnings, ever_married,
    last_birth_in_facility, age_at_first_birth)
SELECT ?, coalesce(line, 0), region_code, year, person_id, weight, sex, age, years_schooling, highest_education,
    labour_force_status, occupation_group, earnings, ever_married, last_birth_in_facility, age_at_first_birth
FROM check_rows
WHERE CASE WHEN ok THEN true ELSE error('setara: a row fails a check') END;
