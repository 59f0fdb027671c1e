-- Checks of a gbs file: one Gender Budget Statement (Lembar Anggaran Responsif Gender) per
-- gender-responsive activity. The key (year, opd_code, program, activity) must be an activity
-- of the programs data (a counted batch: loaded before, or earlier in the same refresh; or, in
-- `setara validate`, a programs file validated before it in the same command).
-- Free text is kept as written; an empty cell is NULL, which the evaluation reports as an
-- incomplete GBS rather than a rejected row. Duplicate keys are found afterwards (dup.sql).

-- Text as written; NULL when the cell is empty or blank.
CREATE OR REPLACE TEMP MACRO gbs_text(x) AS CASE WHEN ingest_txt(x) IS NULL THEN NULL ELSE x END;
-- The APKM gap factors: a subset of akses, partisipasi, kontrol, manfaat separated by ; , or /
-- (English access, participation, control, benefit too); [] when empty, NULL when unknown.
CREATE OR REPLACE TEMP MACRO gbs_factor(f) AS CASE lower(ingest_trim(f))
    WHEN 'akses' THEN 'akses' WHEN 'access' THEN 'akses'
    WHEN 'partisipasi' THEN 'partisipasi' WHEN 'participation' THEN 'partisipasi'
    WHEN 'kontrol' THEN 'kontrol' WHEN 'control' THEN 'kontrol'
    WHEN 'manfaat' THEN 'manfaat' WHEN 'benefit' THEN 'manfaat'
END;
-- A set of factors in the APKM order, each once.
CREATE OR REPLACE TEMP MACRO gbs_apkm_order(l) AS
    list_filter(['akses', 'partisipasi', 'kontrol', 'manfaat'], f -> list_contains(l, f));
CREATE OR REPLACE TEMP MACRO gbs_factors(x) AS CASE
    WHEN ingest_txt(x) IS NULL THEN []::VARCHAR[]
    WHEN list_bool_and(list_transform(regexp_split_to_array(x, '[;,/]'), f -> gbs_factor(f) IS NOT NULL))
        THEN gbs_apkm_order(list_transform(regexp_split_to_array(x, '[;,/]'), f -> gbs_factor(f)))
END;

CREATE OR REPLACE TEMP VIEW check_rows AS
WITH t AS (
    SELECT s.line, s.year AS year_raw, s.opd_code AS opd_code_raw, s.program AS program_raw,
        s.activity AS activity_raw, s.data_indicator AS data_indicator_raw, s.gap_factors AS gap_factors_raw,
        s.target_female AS target_female_raw, s.target_male AS target_male_raw, s.budget AS budget_raw,
        ingest_year(s.year) AS year, ingest_txt(s.opd_code) AS opd_code,
        ingest_txt(s.program) AS program, ingest_txt(s.activity) AS activity,
        gbs_text(s.gender_issue) AS gender_issue, gbs_text(s.data_basis) AS data_basis,
        a.code AS data_indicator, gbs_factors(s.gap_factors) AS gap_factors,
        gbs_text(s.cause_internal) AS cause_internal, gbs_text(s.cause_external) AS cause_external,
        gbs_text(s.objective) AS objective, gbs_text(s.action_plan) AS action_plan,
        gbs_text(s.output_indicator) AS output_indicator,
        ingest_num(s.target_female) AS target_female_num, ingest_num(s.target_male) AS target_male_num,
        gbs_text(s.outcome_indicator) AS outcome_indicator,
        program_amount(s.budget) AS budget
    FROM src s
    LEFT JOIN ingest_alias a ON a.alias = lower(trim(s.data_indicator))
), c AS (
    SELECT t.*,
        ingest_year_ok(year) AS ok_year,
        opd_code IS NOT NULL AS ok_opd_code,
        opd_code IS NULL OR ingest_opd_allowed(opd_code) AS ok_opd_allowed,
        program IS NOT NULL AS ok_program,
        activity IS NOT NULL AS ok_activity,
        ingest_txt(data_indicator_raw) IS NULL OR data_indicator IS NOT NULL AS ok_indicator,
        gap_factors IS NOT NULL AS ok_factors,
        program_count_ok(target_female_raw, target_female_num) AS ok_female,
        program_count_ok(target_male_raw, target_male_num) AS ok_male,
        ingest_txt(budget_raw) IS NULL OR program_amount_ok(budget) AS ok_budget,
        EXISTS (SELECT 1 FROM raw_program p
                WHERE p.batch_id IN (SELECT batch_id FROM counted_batch)
                  AND p.year = t.year AND p.opd_code = t.opd_code
                  AND p.program = t.program AND p.activity = t.activity)
            OR EXISTS (SELECT 1 FROM ingest_session_activity p -- validated earlier in this session
                WHERE p.year = t.year AND p.opd_code = t.opd_code
                  AND p.program = t.program AND p.activity = t.activity) AS ok_activity_known
    FROM t
)
, p AS (
SELECT c.*,
    CASE WHEN ok_female THEN target_female_num::BIGINT END AS target_female,
    CASE WHEN ok_male THEN target_male_num::BIGINT END AS target_male,
    ok_year AND ok_opd_code AND ok_opd_allowed AND ok_program AND ok_activity AND ok_indicator AND ok_factors
        AND ok_female AND ok_male AND ok_budget AND ok_activity_known AS ok,
    CASE
        WHEN NOT ok_year THEN ingest_year_problem(year_raw)
        WHEN NOT ok_opd_code THEN ingest_missing('opd_code', opd_code_raw, 'the OPD code')
        WHEN NOT ok_opd_allowed THEN ingest_opd_problem(opd_code_raw)
        WHEN NOT ok_program THEN ingest_missing('program', program_raw, 'the program name, as in the programs data')
        WHEN NOT ok_activity THEN ingest_missing('activity', activity_raw, 'the activity name, as in the programs data')
        WHEN NOT ok_indicator THEN ingest_problem('data_indicator', data_indicator_raw,
            'unknown indicator (expected a catalog code or alias of the sex-disaggregated data behind the issue, or empty)')
        WHEN NOT ok_factors THEN ingest_problem('gap_factors', gap_factors_raw,
            'unknown gap factor (expected a list separated by ; of akses, partisipasi, kontrol, manfaat)')
        WHEN NOT ok_female THEN program_count_problem('target_female', target_female_raw)
        WHEN NOT ok_male THEN program_count_problem('target_male', target_male_raw)
        WHEN NOT ok_budget THEN program_amount_problem('budget', budget_raw)
        WHEN NOT ok_activity_known THEN ingest_problem('activity', activity_raw,
            'no such activity in the programs data: year ' || year || ', OPD ' || opd_code || ', program "'
            || program || '", activity "' || activity || '" (expected an activity of a loaded programs file:'
            || ' load or validate the programs file first, or in the same command or refresh)')
    END AS problem
FROM c
)
SELECT line, year, opd_code, program, activity, gender_issue, data_basis, data_indicator, gap_factors,
    cause_internal, cause_external, objective, action_plan, output_indicator, target_female, target_male,
    outcome_indicator, budget, ok, problem,
    nullif(activity_raw, activity) AS dup_raw
FROM p;
