-- Accepted rows: every check passed and the key is not duplicated in the file.
INSERT INTO raw_microdata (batch_id, line, region_code, year, person_id, weight, sex, age, years_schooling,
    highest_education, labour_force_status, occupation_group, earnings, ever_married,
    last_birth_in_facility, age_at_first_birth)
SELECT ?, c.line, region_code, year, person_id, weight, sex, age, years_schooling, highest_education,
    labour_force_status, occupation_group, earnings, ever_married, last_birth_in_facility, age_at_first_birth
FROM checked c ANTI JOIN dup d ON c.line = d.line
WHERE c.ok;
