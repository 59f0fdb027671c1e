-- Checks of a programs file (OPD program and activity outputs).
-- Duplicate keys are found afterwards (dup.sql); dup_raw is the key column as written, when
-- it is not the typed value.

-- The amount, number and count rules are in amounts.sql (gbs files share them).

CREATE OR REPLACE TEMP VIEW check_rows AS
WITH t AS (
    SELECT s.line, s.year AS year_raw, s.opd_code AS opd_code_raw, s.opd_name AS opd_name_raw,
        s.program AS program_raw, s.activity AS activity_raw, s.budget AS budget_raw,
        s.realization AS realization_raw, s.gender_responsive AS gender_responsive_raw,
        s.target_groups AS target_groups_raw, s.output_target AS output_target_raw,
        s.output_realized AS output_realized_raw, s.beneficiaries_male AS beneficiaries_male_raw,
        s.beneficiaries_female AS beneficiaries_female_raw,
        ingest_year(s.year) AS year, ingest_txt(s.opd_code) AS opd_code, ingest_txt(s.opd_name) AS opd_name,
        ingest_txt(s.program) AS program, ingest_txt(s.activity) AS activity,
        program_amount(s.budget) AS budget, program_amount(s.realization) AS realization,
        ingest_bool(s.gender_responsive) AS gender_responsive, ingest_groups(s.target_groups) AS target_groups,
        ingest_txt(s.output_indicator) AS output_indicator,
        ingest_num(s.output_target) AS output_target, ingest_num(s.output_realized) AS output_realized,
        ingest_num(s.beneficiaries_male) AS beneficiaries_male_num,
        ingest_num(s.beneficiaries_female) AS beneficiaries_female_num
    FROM src s
), c AS (
    SELECT t.*,
        ingest_year_ok(year) AS ok_year,
        opd_code IS NOT NULL AS ok_opd_code,
        opd_code IS NULL OR ingest_opd_allowed(opd_code) AS ok_opd_allowed,
        opd_name IS NOT NULL AS ok_opd_name,
        program IS NOT NULL AS ok_program,
        activity IS NOT NULL AS ok_activity,
        program_amount_ok(budget) AS ok_budget,
        program_amount_ok(realization) AS ok_realization,
        gender_responsive IS NOT NULL AS ok_responsive,
        target_groups IS NOT NULL AS ok_groups,
        program_number_ok(output_target_raw, output_target) AS ok_target,
        program_number_ok(output_realized_raw, output_realized) AS ok_realized,
        program_count_ok(beneficiaries_male_raw, beneficiaries_male_num) AS ok_male,
        program_count_ok(beneficiaries_female_raw, beneficiaries_female_num) AS ok_female
    FROM t
)
, p AS (
SELECT c.*,
    CASE WHEN ok_male THEN beneficiaries_male_num::BIGINT END AS beneficiaries_male,
    CASE WHEN ok_female THEN beneficiaries_female_num::BIGINT END AS beneficiaries_female,
    ok_year AND ok_opd_code AND ok_opd_allowed AND ok_opd_name AND ok_program AND ok_activity AND ok_budget AND ok_realization
        AND ok_responsive AND ok_groups AND ok_target AND ok_realized AND ok_male AND ok_female AS ok,
    CASE
        WHEN NOT ok_year THEN ingest_year_problem(year_raw)
        WHEN NOT ok_opd_code THEN ingest_missing('opd_code', opd_code_raw, 'the OPD code')
        WHEN NOT ok_opd_allowed THEN ingest_opd_problem(opd_code_raw)
        WHEN NOT ok_opd_name THEN ingest_missing('opd_name', opd_name_raw, 'the OPD name')
        WHEN NOT ok_program THEN ingest_missing('program', program_raw, 'the program name')
        WHEN NOT ok_activity THEN ingest_missing('activity', activity_raw, 'the activity name')
        WHEN NOT ok_budget THEN program_amount_problem('budget', budget_raw)
        WHEN NOT ok_realization THEN program_amount_problem('realization', realization_raw)
        WHEN NOT ok_responsive THEN ingest_yes_no_problem('gender_responsive', gender_responsive_raw, false)
        WHEN NOT ok_groups THEN ingest_problem('target_groups', target_groups_raw,
            'unknown target group (expected a list separated by ; , or / of perempuan, disabilitas, lansia, ibu_hamil, anak)')
        WHEN NOT ok_target THEN program_number_problem('output_target', output_target_raw)
        WHEN NOT ok_realized THEN program_number_problem('output_realized', output_realized_raw)
        WHEN NOT ok_male THEN program_count_problem('beneficiaries_male', beneficiaries_male_raw)
        WHEN NOT ok_female THEN program_count_problem('beneficiaries_female', beneficiaries_female_raw)
    END AS problem
FROM c
)
SELECT line, year, opd_code, opd_name, program, activity, budget, realization, gender_responsive, target_groups,
    output_indicator, output_target, output_realized, beneficiaries_male, beneficiaries_female, ok, problem,
    nullif(activity_raw, activity) AS dup_raw
FROM p;
