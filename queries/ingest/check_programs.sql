-- Checks of a programs file (OPD program and activity outputs).
-- Duplicate keys are found afterwards (dup.sql); dup_raw is the key column as written, when
-- it is not the typed value.
CREATE OR REPLACE TEMP VIEW check_rows AS
WITH t AS (
    SELECT s.line, s.year AS year_raw, s.opd_code AS opd_code_raw, s.opd_name AS opd_name_raw,
        s.program AS program_raw, s.activity AS activity_raw, s.budget AS budget_raw,
        s.realization AS realization_raw, s.gender_responsive AS gender_responsive_raw,
        s.target_groups AS target_groups_raw, s.output_target AS output_target_raw,
        s.output_realized AS output_realized_raw, s.beneficiaries_male AS beneficiaries_male_raw,
        s.beneficiaries_female AS beneficiaries_female_raw,
        ingest_int(s.year) AS year, ingest_txt(s.opd_code) AS opd_code, ingest_txt(s.opd_name) AS opd_name,
        ingest_txt(s.program) AS program, ingest_txt(s.activity) AS activity,
        ingest_num(s.budget) AS budget, ingest_num(s.realization) AS realization,
        ingest_bool(s.gender_responsive) AS gender_responsive, ingest_groups(s.target_groups) AS target_groups,
        ingest_txt(s.output_indicator) AS output_indicator,
        ingest_num(s.output_target) AS output_target, ingest_num(s.output_realized) AS output_realized,
        ingest_num(s.beneficiaries_male) AS beneficiaries_male_num,
        ingest_num(s.beneficiaries_female) AS beneficiaries_female_num
    FROM src s
), c AS (
    SELECT t.*,
        coalesce(year BETWEEN 1900 AND 2100, false) AS ok_year,
        opd_code IS NOT NULL AS ok_opd_code,
        opd_name IS NOT NULL AS ok_opd_name,
        program IS NOT NULL AS ok_program,
        activity IS NOT NULL AS ok_activity,
        coalesce(ingest_finite(budget) AND budget >= 0, false) AS ok_budget,
        coalesce(ingest_finite(realization) AND realization >= 0, false) AS ok_realization,
        gender_responsive IS NOT NULL AS ok_responsive,
        target_groups IS NOT NULL AS ok_groups,
        ingest_txt(output_target_raw) IS NULL OR coalesce(ingest_finite(output_target) AND output_target >= 0, false) AS ok_target,
        ingest_txt(output_realized_raw) IS NULL OR coalesce(ingest_finite(output_realized) AND output_realized >= 0, false) AS ok_realized,
        ingest_txt(beneficiaries_male_raw) IS NULL OR coalesce(beneficiaries_male_num >= 0
            AND beneficiaries_male_num = floor(beneficiaries_male_num) AND beneficiaries_male_num < 1e15, false) AS ok_male,
        ingest_txt(beneficiaries_female_raw) IS NULL OR coalesce(beneficiaries_female_num >= 0
            AND beneficiaries_female_num = floor(beneficiaries_female_num) AND beneficiaries_female_num < 1e15, false) AS ok_female
    FROM t
)
, p AS (
SELECT c.*,
    CASE WHEN ok_male THEN beneficiaries_male_num::BIGINT END AS beneficiaries_male,
    CASE WHEN ok_female THEN beneficiaries_female_num::BIGINT END AS beneficiaries_female,
    ok_year AND ok_opd_code AND ok_opd_name AND ok_program AND ok_activity AND ok_budget AND ok_realization
        AND ok_responsive AND ok_groups AND ok_target AND ok_realized AND ok_male AND ok_female AS ok,
    CASE
        WHEN NOT ok_year THEN {'column': 'year', 'value': year_raw,
            'reason': 'not a valid year (expected a whole number 1900-2100)'}
        WHEN NOT ok_opd_code THEN {'column': 'opd_code', 'value': opd_code_raw, 'reason': 'missing value (expected the OPD code)'}
        WHEN NOT ok_opd_name THEN {'column': 'opd_name', 'value': opd_name_raw, 'reason': 'missing value (expected the OPD name)'}
        WHEN NOT ok_program THEN {'column': 'program', 'value': program_raw, 'reason': 'missing value (expected the program name)'}
        WHEN NOT ok_activity THEN {'column': 'activity', 'value': activity_raw, 'reason': 'missing value (expected the activity name)'}
        WHEN NOT ok_budget THEN {'column': 'budget', 'value': budget_raw,
            'reason': 'not a valid amount (expected rupiah >= 0)'}
        WHEN NOT ok_realization THEN {'column': 'realization', 'value': realization_raw,
            'reason': 'not a valid amount (expected rupiah >= 0)'}
        WHEN NOT ok_responsive THEN {'column': 'gender_responsive', 'value': gender_responsive_raw,
            'reason': 'not a yes/no value (expected true/false, ya/tidak, 1/0, y/n)'}
        WHEN NOT ok_groups THEN {'column': 'target_groups', 'value': target_groups_raw,
            'reason': 'unknown target group (expected a ;-separated list of perempuan, disabilitas, lansia, ibu_hamil, anak)'}
        WHEN NOT ok_target THEN {'column': 'output_target', 'value': output_target_raw,
            'reason': 'not a valid number (expected a number >= 0, or empty)'}
        WHEN NOT ok_realized THEN {'column': 'output_realized', 'value': output_realized_raw,
            'reason': 'not a valid number (expected a number >= 0, or empty)'}
        WHEN NOT ok_male THEN {'column': 'beneficiaries_male', 'value': beneficiaries_male_raw,
            'reason': 'not a count (expected a whole number >= 0, or empty)'}
        WHEN NOT ok_female THEN {'column': 'beneficiaries_female', 'value': beneficiaries_female_raw,
            'reason': 'not a count (expected a whole number >= 0, or empty)'}
    END AS problem
FROM c
)
SELECT line, year, opd_code, opd_name, program, activity, budget, realization, gender_responsive, target_groups,
    output_indicator, output_target, output_realized, beneficiaries_male, beneficiaries_female, ok, problem,
    nullif(activity_raw, activity) AS dup_raw
FROM p;
