-- Checks of a microdata file (person records of a survey). Written for large files: the cheap
-- boolean checks decide `ok`; the problem text is only built for rejected rows, and the raw
-- text is kept only where it is needed (the problem; dup_raw, the person_id as written when
-- it is not the trimmed one). Duplicate keys are found afterwards (dup.sql).
--
-- No join here: a CSV's records are numbered by their order in the table this view fills,
-- and a join (even the mark join of `IN (SELECT ...)`) gives up the reader's order once the
-- file is read by several threads. Whether the region is declared is checked afterwards,
-- on the numbered rows (checked_microdata.sql).
--
-- Three views: check_values (the typed values, the checks of the required fields, and in_*,
-- the check of an optional field's value when there is one), check_rows (the full path: ok,
-- and the problem of a rejected row) and clean_rows (the one pass: clean).
CREATE OR REPLACE TEMP VIEW check_values AS
WITH t AS (
    SELECT s.line, s.region_code AS region_code_raw, s.year AS year_raw, s.person_id AS person_id_raw,
        s.weight AS weight_raw, s.sex AS sex_raw, s.age AS age_raw, s.years_schooling AS years_schooling_raw,
        s.highest_education AS highest_education_raw, s.labour_force_status AS labour_force_status_raw,
        s.occupation_group AS occupation_group_raw, s.earnings AS earnings_raw,
        s.ever_married AS ever_married_raw, s.last_birth_in_facility AS last_birth_in_facility_raw,
        s.age_at_first_birth AS age_at_first_birth_raw, s.months_since_last_birth AS months_since_last_birth_raw,
        ingest_txt(s.region_code) AS region_code, ingest_year(s.year) AS year, ingest_txt(s.person_id) AS person_id,
        ingest_num(s.weight) AS weight, ingest_sex(s.sex) AS sex, ingest_int(s.age) AS age,
        ingest_num(s.years_schooling) AS years_schooling, ingest_int(s.highest_education) AS highest_education,
        ingest_lfs(s.labour_force_status) AS labour_force_status, ingest_int(s.occupation_group) AS occupation_group,
        ingest_num(s.earnings) AS earnings, ingest_bool(s.ever_married) AS ever_married,
        ingest_bool(s.last_birth_in_facility) AS last_birth_in_facility,
        ingest_int(s.age_at_first_birth) AS age_at_first_birth,
        ingest_txt(s.psu) AS psu, ingest_txt(s.strata) AS strata,
        ingest_int(s.months_since_last_birth) AS months_since_last_birth
    FROM src s
)
SELECT t.*,
    region_code IS NOT NULL AS ok_region,
    ingest_year_ok(year) AS ok_year,
    person_id IS NOT NULL AS ok_person,
    coalesce(ingest_finite(weight) AND weight > 0, false) AS ok_weight,
    coalesce(sex IN ('P', 'L'), false) AS ok_sex,
    coalesce(age BETWEEN 0 AND 120, false) AS ok_age,
    -- optional fields: false when there is no value
    coalesce(isfinite(years_schooling) AND years_schooling BETWEEN 0 AND 30, false) AS in_schooling,
    coalesce(highest_education BETWEEN 0 AND 7, false) AS in_education,
    labour_force_status IS NOT NULL AS in_lfs,
    coalesce(occupation_group BETWEEN 0 AND 9 AND labour_force_status = 'employed', false) AS in_occupation,
    coalesce(isfinite(earnings) AND earnings >= 0, false) AS in_earnings,
    ever_married IS NOT NULL AS in_married,
    last_birth_in_facility IS NOT NULL AS in_facility,
    coalesce(age_at_first_birth BETWEEN 10 AND 60 AND age_at_first_birth <= age, false) AS in_first_birth,
    coalesce(months_since_last_birth BETWEEN 0 AND 600, false) AS in_months
FROM t;

-- The full path's checks: an optional field is fine with a valid value, or empty (NULL after
-- the cast, and blank as written: a field of spaces is empty too).
CREATE OR REPLACE TEMP VIEW check_rows AS
WITH c AS (
    SELECT v.*,
        CASE WHEN years_schooling IS NOT NULL THEN in_schooling ELSE ingest_txt(years_schooling_raw) IS NULL END AS ok_schooling,
        CASE WHEN highest_education IS NOT NULL THEN in_education ELSE ingest_txt(highest_education_raw) IS NULL END AS ok_education,
        in_lfs OR ingest_txt(labour_force_status_raw) IS NULL AS ok_lfs,
        CASE WHEN occupation_group IS NOT NULL THEN in_occupation ELSE ingest_txt(occupation_group_raw) IS NULL END AS ok_occupation,
        CASE WHEN earnings IS NOT NULL THEN in_earnings ELSE ingest_txt(earnings_raw) IS NULL END AS ok_earnings,
        in_married OR ingest_txt(ever_married_raw) IS NULL AS ok_married,
        in_facility OR ingest_txt(last_birth_in_facility_raw) IS NULL AS ok_facility,
        CASE WHEN age_at_first_birth IS NOT NULL THEN in_first_birth ELSE ingest_txt(age_at_first_birth_raw) IS NULL END AS ok_first_birth,
        CASE WHEN months_since_last_birth IS NOT NULL THEN in_months ELSE ingest_txt(months_since_last_birth_raw) IS NULL END AS ok_months
    FROM check_values v
), p AS (
SELECT c.*, ok_region AND ok_year AND ok_person AND ok_weight AND ok_sex AND ok_age AND ok_schooling
        AND ok_education AND ok_lfs AND ok_occupation AND ok_earnings AND ok_married AND ok_facility
        AND ok_first_birth AND ok_months AS ok,
    CASE
        WHEN NOT ok_region THEN ingest_missing('region_code', region_code_raw, 'a region code')
        WHEN NOT ok_year THEN ingest_year_problem(year_raw)
        WHEN NOT ok_person THEN ingest_missing('person_id', person_id_raw, 'a person identifier')
        WHEN NOT ok_weight THEN ingest_problem('weight', weight_raw,
            'not a positive number (expected a survey weight > 0)')
        WHEN NOT ok_sex THEN ingest_problem('sex', sex_raw,
            'unknown sex (expected P or L, or a synonym such as F/M, perempuan/laki-laki)')
        WHEN NOT ok_age THEN ingest_problem('age', age_raw, 'not a valid age (expected a whole number 0-120)')
        WHEN NOT ok_schooling THEN ingest_problem('years_schooling', years_schooling_raw,
            'not a valid number of years (expected 0-30, or empty)')
        WHEN NOT ok_education THEN ingest_problem('highest_education', highest_education_raw,
            'unknown education level (expected 0 none .. 7 doctorate, or empty)')
        WHEN NOT ok_lfs THEN ingest_problem('labour_force_status', labour_force_status_raw,
            'unknown labour force status (expected employed, unemployed or not_in_labour_force, or bekerja, pengangguran, bukan_angkatan_kerja)')
        WHEN NOT ok_occupation THEN ingest_problem('occupation_group', occupation_group_raw,
            CASE WHEN occupation_group BETWEEN 0 AND 9
                THEN 'occupation given for a person who is not employed (expected empty unless labour_force_status is employed)'
                ELSE 'unknown occupation group (expected an ISCO-08 major group 0-9)' END)
        WHEN NOT ok_earnings THEN ingest_problem('earnings', earnings_raw,
            'not a valid amount (expected rupiah per month >= 0, or empty)')
        WHEN NOT ok_married THEN ingest_yes_no_problem('ever_married', ever_married_raw, true)
        WHEN NOT ok_facility THEN ingest_yes_no_problem('last_birth_in_facility', last_birth_in_facility_raw, true)
        WHEN NOT ok_first_birth THEN ingest_problem('age_at_first_birth', age_at_first_birth_raw,
            'not a valid age at first birth (expected a whole number 10-60, at most the age, or empty)')
        WHEN NOT ok_months THEN ingest_problem('months_since_last_birth', months_since_last_birth_raw,
            'not a valid number of months (expected a whole number 0-600, or empty)')
    END AS problem
FROM c
)
SELECT line, region_code, year, person_id, weight, sex, age, years_schooling, highest_education, labour_force_status,
    occupation_group, earnings, ever_married, last_birth_in_facility, age_at_first_birth, psu, strata,
    months_since_last_birth, ok, problem,
    nullif(person_id_raw, person_id) AS dup_raw, nullif(region_code_raw, region_code) AS region_raw
FROM p;

-- The one pass's check (onepass.go): `clean` implies `ok` (a clean row is accepted by the full
-- path with the same values), but an optional field counts as empty only when it is NULL (as
-- DuckDB's CSV reader gives an empty field) or an empty text (ingest_empty): testing for a
-- blank text (ingest_txt, a trim) on every row was a third of the checks' cost, so a field of
-- spaces sends the file to the full path instead. A value present is checked as in check_rows
-- (when the value is there, its text is there too).
CREATE OR REPLACE TEMP VIEW clean_rows AS
SELECT line, region_code, year, person_id, weight, sex, age, years_schooling, highest_education, labour_force_status,
    occupation_group, earnings, ever_married, last_birth_in_facility, age_at_first_birth, psu, strata,
    months_since_last_birth,
    ok_region AND ok_year AND ok_person AND ok_weight AND ok_sex AND ok_age
        AND (in_schooling OR ingest_empty(years_schooling_raw)) AND (in_education OR ingest_empty(highest_education_raw))
        AND (in_lfs OR ingest_empty(labour_force_status_raw)) AND (in_occupation OR ingest_empty(occupation_group_raw))
        AND (in_earnings OR ingest_empty(earnings_raw)) AND (in_married OR ingest_empty(ever_married_raw))
        AND (in_facility OR ingest_empty(last_birth_in_facility_raw)) AND (in_first_birth OR ingest_empty(age_at_first_birth_raw))
        AND (in_months OR ingest_empty(months_since_last_birth_raw)) AS clean
FROM check_values;
