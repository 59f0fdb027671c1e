-- A tiny published schema matching ARCHITECTURE.md "Published snapshot", for tests of the
-- query API, the read APIs and the metrics exposition. Values are made up.
CREATE SCHEMA published;

CREATE TABLE published.region (region_code VARCHAR, name VARCHAR, level VARCHAR, parent_code VARCHAR);
INSERT INTO published.region VALUES
    ('12', 'Sumatera Utara', 'province', '00'),
    ('1275', 'Kota Medan', 'regency', '12'),
    ('1275010', 'Medan "Tuntungan"\Selatan', 'district', '1275');

CREATE TABLE published.indicator_value (
    region_code VARCHAR, year INTEGER, indicator VARCHAR, sex VARCHAR, value DOUBLE, unit VARCHAR,
    source VARCHAR, n_unweighted BIGINT, reliable BOOLEAN, origin VARCHAR, batch_id BIGINT);
INSERT INTO published.indicator_value VALUES
    ('1275', 2022, 'life_expectancy', 'P', 75.1, 'years', 'BPS', NULL, true, 'published', 1),
    ('1275', 2022, 'life_expectancy', 'L', 71.2, 'years', 'BPS', NULL, true, 'published', 1),
    ('1275', 2023, 'life_expectancy', 'P', 75.3, 'years', 'BPS', NULL, true, 'published', 2),
    ('1275', 2023, 'life_expectancy', 'L', 71.4, 'years', 'BPS', NULL, true, 'published', 2),
    ('1275', 2022, 'parliament_share', 'P', 12.0, 'percent', 'BPS', NULL, true, 'published', 1),
    ('1275010', 2023, 'labour_force_participation', 'P', 52.5, 'percent', 'survey', 412, true, 'microdata', 3),
    ('1275010', 2023, 'labour_force_participation', 'L', 80.25, 'percent', 'survey', 398, true, 'microdata', 3);

CREATE TABLE published.gender_gap (
    region_code VARCHAR, year INTEGER, indicator VARCHAR, female DOUBLE, male DOUBLE, ratio DOUBLE,
    difference DOUBLE, unit VARCHAR);
INSERT INTO published.gender_gap VALUES
    ('1275', 2022, 'life_expectancy', 75.1, 71.2, 1.0547752808988764, 3.9, 'years'),
    ('1275', 2023, 'life_expectancy', 75.3, 71.4, 1.0546218487394958, 3.9, 'years'),
    ('1275010', 2023, 'labour_force_participation', 52.5, 80.25, 0.6542056074766355, -27.75, 'percent');

CREATE TABLE published.gender_index (
    region_code VARCHAR, year INTEGER, index_code VARCHAR, value DOUBLE, complete BOOLEAN,
    approximate BOOLEAN, note VARCHAR);
INSERT INTO published.gender_index VALUES
    ('1275', 2022, 'ipg', 94.5, true, false, NULL),
    ('1275', 2023, 'ipg', 94.75, true, false, NULL),
    ('1275', 2023, 'ikg', 0.125, true, true, 'approximated from survey'),
    ('1275010', 2023, 'ipg', NULL, false, false, 'inputs missing');
ALTER TABLE published.gender_index ADD COLUMN note_id VARCHAR; -- the note in Indonesian

CREATE TABLE published.program_summary (
    year INTEGER, opd_code VARCHAR, opd_name VARCHAR, activities BIGINT, responsive_activities BIGINT,
    budget DOUBLE, realization DOUBLE, realization_rate DOUBLE, responsive_budget DOUBLE,
    responsive_share DOUBLE, output_achievement DOUBLE, beneficiaries_female BIGINT,
    beneficiaries_male BIGINT, female_share DOUBLE);
INSERT INTO published.program_summary VALUES
    (2023, '1.02.01', 'Dinas Kesehatan', 4, 3, 2500000000, 2250000000, 0.9, 2000000000, 0.8, 0.95, 1200, 800, 0.6),
    (2023, '2.08.01', 'Dinas P3APM', 2, 2, 750000000, 600000000, 0.8, 750000000, 1.0, 1.0, 300, 100, 0.75);

CREATE TABLE published.target_group_summary (
    year INTEGER, target_group VARCHAR, activities BIGINT, budget DOUBLE, realization DOUBLE,
    beneficiaries_female BIGINT, beneficiaries_male BIGINT);
INSERT INTO published.target_group_summary VALUES
    (2023, 'perempuan', 3, 1500000000, 1400000000, 900, 0),
    (2023, 'anak', 2, 500000000, 450000000, 150, 160);

CREATE TABLE published.batch (
    batch_id BIGINT, file_path VARCHAR, file_name VARCHAR, sha256 VARCHAR, size_bytes BIGINT,
    kind VARCHAR, format VARCHAR, rows_accepted BIGINT, rows_rejected BIGINT, strict BOOLEAN,
    status VARCHAR, loaded_at TIMESTAMPTZ, seconds DOUBLE, standing VARCHAR, reason VARCHAR,
    changed_by VARCHAR, changed_at TIMESTAMPTZ, superseded_by BIGINT, quarantine_run BIGINT,
    quarantine_check VARCHAR, quarantine_rows VARCHAR);
INSERT INTO published.batch VALUES
    (1, 'in/a.csv', 'a.csv', 'aa', 100, 'indicators', 'csv', 5, 1, false, 'loaded', '2024-01-01 00:00:00+00', 0.5,
     'active', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
    (2, 'in/b.csv', 'b.csv', 'bb', 100, 'indicators', 'csv', 4, 0, false, 'loaded', '2024-01-01 00:00:00+00', 0.5,
     'active', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
    (3, 'in/m.parquet', 'm.parquet', 'cc', 100, 'microdata', 'parquet', 810, 2, false, 'loaded', '2024-01-01 00:00:00+00', 0.5,
     'active', NULL, NULL, NULL, NULL, NULL, NULL, NULL);

CREATE TABLE published.run_history (
    run_id BIGINT, trigger VARCHAR, started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ, status VARCHAR,
    error VARCHAR, snapshot VARCHAR, files_taken INTEGER, rows_loaded BIGINT);
INSERT INTO published.run_history VALUES
    (1, 'run', '2024-01-02 03:00:00+00', '2024-01-02 03:04:05+00', 'succeeded', NULL, 'run-000001.duckdb', 3, 819);

CREATE TABLE published.run_stage (run_id BIGINT, ordinal INTEGER, stage VARCHAR, file VARCHAR, seconds DOUBLE, rows BIGINT);
INSERT INTO published.run_stage VALUES
    (1, 1, 'staging', '10_staging.sql', 0.25, 100),
    (1, 2, 'indices', '30_indices.sql', 1.5, 10);

CREATE TABLE published.run_check (
    run_id BIGINT, check_name VARCHAR, file VARCHAR, severity VARCHAR, failing_rows BIGINT, sample VARCHAR);
INSERT INTO published.run_check VALUES
    (1, 'index_range', 'checks/index_range.sql', 'blocking', 0, NULL),
    (1, 'gap_outlier', 'checks/gap_outlier.sql', 'warning', 2, '[]');

CREATE TABLE published.snapshot_info (run_id BIGINT, snapshot VARCHAR, published_at TIMESTAMPTZ, demo BOOLEAN, label VARCHAR);
INSERT INTO published.snapshot_info VALUES (1, 'run-000001', '2024-01-02 03:04:05+00', false, 'fixture');

-- The PUG evaluation of 2023 (queries/stages/evaluation/; finding_catalog is left to the tests
-- that need its texts): two OPDs and the city's prerequisites.
CREATE TABLE published.opd_finding (year INTEGER, opd_code VARCHAR, finding VARCHAR, severity VARCHAR, ordinal BIGINT, activities BIGINT);
INSERT INTO published.opd_finding VALUES
    (2023, '1.02.01', 'responsive_without_gbs', 'high', 1, 1),
    (2023, '2.08.01', 'gbs_incomplete', 'medium', 2, 1),
    (2023, '2.08.01', 'women_target_missed', 'high', 5, 2);
CREATE TABLE published.opd_evaluation (year INTEGER, opd_code VARCHAR, opd_name VARCHAR, activities BIGINT,
    responsive_activities BIGINT, activities_with_gbs BIGINT, responsive_with_complete_gbs BIGINT, gbs_complete_share DOUBLE,
    gap_factors_addressed VARCHAR[], target_female BIGINT, beneficiaries_female_targeted BIGINT, female_target_achievement DOUBLE,
    target_male BIGINT, beneficiaries_male_targeted BIGINT, male_target_achievement DOUBLE, prerequisites_met BIGINT,
    prerequisites_partial BIGINT, prerequisites_reported BIGINT, activities_with_findings BIGINT, findings_total BIGINT,
    findings_high BIGINT, findings STRUCT(finding VARCHAR, activities BIGINT)[], grade VARCHAR, grade_rule_id VARCHAR,
    grade_rule_en VARCHAR);
INSERT INTO published.opd_evaluation VALUES
    (2023, '1.02.01', 'Dinas Kesehatan', 4, 3, 2, 2, 0.6666666666666666, ['akses', 'manfaat'], 1000, 950, 0.95, 800, 700, 0.875,
     5, 1, 7, 1, 1, 1, [{'finding': 'responsive_without_gbs', 'activities': 1}], 'B', 'B: aturan', 'B: rule'),
    (2023, '2.08.01', 'Dinas P3APM', 2, 2, 2, 0, 0.0, ['kontrol'], 400, 300, 0.75, 100, 100, 1.0, 2, 2, 7, 2, 3, 2,
     [{'finding': 'gbs_incomplete', 'activities': 1}, {'finding': 'women_target_missed', 'activities': 2}], 'D', 'D: aturan', 'D: rule');
CREATE TABLE published.pug_readiness (year INTEGER, opd_code VARCHAR, opd_name VARCHAR, ordinal INTEGER, prerequisite VARCHAR,
    status VARCHAR, evidence VARCHAR, note VARCHAR);
INSERT INTO published.pug_readiness VALUES
    (2023, 'KOTA', NULL, 1, 'komitmen', 'ada', 'Perwal', NULL), (2023, 'KOTA', NULL, 2, 'kebijakan', 'ada', NULL, NULL),
    (2023, 'KOTA', NULL, 3, 'kelembagaan', 'ada', NULL, NULL), (2023, 'KOTA', NULL, 4, 'sumber_daya', 'sebagian', NULL, NULL),
    (2023, 'KOTA', NULL, 5, 'data_terpilah', 'ada', NULL, NULL), (2023, 'KOTA', NULL, 6, 'alat_analisis', 'belum', NULL, NULL),
    (2023, 'KOTA', NULL, 7, 'partisipasi_masyarakat', NULL, NULL, NULL),
    (2023, '1.02.01', 'Dinas Kesehatan', 1, 'komitmen', 'ada', NULL, NULL);

-- Published index values beside the computed ones: one that agrees, one that does not.
CREATE TABLE published.index_check (region_code VARCHAR, year INTEGER, index_code VARCHAR, computed DOUBLE,
    published DOUBLE, difference DOUBLE, precision INTEGER, agrees BOOLEAN, source VARCHAR, batch_id BIGINT, file VARCHAR, line BIGINT);
INSERT INTO published.index_check VALUES
    ('1275', 2023, 'ipg', 94.75, 94.75, 0, 2, true, 'BPS Kota Medan, IPG 2023', 1, 'ipg.csv', 2),
    ('1275', 2022, 'ipg', 94.5, 94.41, 0.09, 2, false, 'BPS Kota Medan, IPG 2022', 1, 'ipg.csv', 3);

-- gender_gap's mixed_origin (P and L from different origins or surveys).
ALTER TABLE published.gender_gap ADD COLUMN mixed_origin BOOLEAN DEFAULT false;

-- The publication band of survey estimates (indicator_value.band, rse).
ALTER TABLE published.indicator_value ADD COLUMN band VARCHAR DEFAULT 'publish';
ALTER TABLE published.indicator_value ADD COLUMN rse DOUBLE;

-- The rest of a survey estimate's design-based figures (indicator_value.se ... n_missing).
ALTER TABLE published.indicator_value ADD COLUMN se DOUBLE;
ALTER TABLE published.indicator_value ADD COLUMN ci_low DOUBLE;
ALTER TABLE published.indicator_value ADD COLUMN ci_high DOUBLE;
ALTER TABLE published.indicator_value ADD COLUMN n_effective DOUBLE;
ALTER TABLE published.indicator_value ADD COLUMN n_missing BIGINT;
UPDATE published.indicator_value SET se = 4.2, rse = 0.08, ci_low = 44.268, ci_high = 60.732, n_effective = 380.5, n_missing = 3
WHERE region_code = '1275010' AND sex = 'P';
UPDATE published.indicator_value SET se = 29.0, rse = 0.361, ci_low = 23.41, ci_high = 137.09, n_effective = 20.1, n_missing = 0, band = 'caution'
WHERE region_code = '1275010' AND sex = 'L';
INSERT INTO published.indicator_value VALUES
    ('1275010', 2023, 'birth_outside_facility', 'P', 0.0, 'proportion', 'survey', 35, false, 'microdata', 3,
     'suppress', NULL, 0.0, 0.0, 0.0, 35.0, 1);
