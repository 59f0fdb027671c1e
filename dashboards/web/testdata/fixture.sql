-- A small published schema for the dashboard tests: Kota Medan (1275) with four kecamatan,
-- Sumatera Utara (12) and Indonesia (00), 2021-2023, three OPDs (one with an HTML payload in
-- its name). Columns follow ARCHITECTURE.md "Published snapshot".
CREATE SCHEMA published;

CREATE TABLE published.region (region_code VARCHAR, name VARCHAR, level VARCHAR, parent_code VARCHAR);
INSERT INTO published.region VALUES
  ('00', 'Indonesia', 'country', NULL),
  ('12', 'Sumatera Utara', 'province', '00'),
  ('1275', 'Kota Medan', 'regency', '12'),
  ('1276', 'Kota Binjai', 'regency', '12'),
  ('1275010', 'Medan Tuntungan', 'district', '1275'),
  ('1275020', 'Medan Johor', 'district', '1275'),
  ('1275030', 'Medan Amplas', 'district', '1275'),
  ('1275090', 'Medan Baru', 'district', '1275');

CREATE TABLE published.indicator_catalog (code VARCHAR, name_id VARCHAR, name_en VARCHAR, unit VARCHAR,
  unit_id VARCHAR, unit_en VARCHAR, min DOUBLE, max DOUBLE, higher_is_better BOOLEAN, sexes VARCHAR,
  topic VARCHAR, aliases VARCHAR);
INSERT INTO published.indicator_catalog VALUES
  ('life_expectancy', 'Umur Harapan Hidup saat lahir (UHH)', 'Life expectancy at birth', 'years', 'tahun', 'years', 15, 100, true, 'P;L;T', 'health', 'uhh'),
  ('labour_force_participation', 'Tingkat Partisipasi Angkatan Kerja (TPAK)', 'Labour force participation rate', 'percent', 'persen', 'percent', 0, 100, true, 'P;L;T', 'labour', 'tpak'),
  ('parliament_share', 'Keterlibatan perempuan di parlemen (kursi legislatif)', 'Share of seats in parliament', 'percent', 'persen', 'percent', 0, 100, true, 'P;L', 'decision', 'pr'),
  ('population', 'Jumlah penduduk', 'Population', 'persons', 'jiwa', 'persons', 0, 400000000, true, 'P;L;T', 'population', 'penduduk');

CREATE TABLE published.index_catalog (index_code VARCHAR, name_id VARCHAR, name_en VARCHAR, scale VARCHAR,
  formula VARCHAR, source VARCHAR, inputs VARCHAR[]);
INSERT INTO published.index_catalog VALUES
  ('ipg', 'Indeks Pembangunan Gender', 'Gender Development Index (BPS)', '0-100', 'IPM_P / IPM_L × 100', 'BPS', ['life_expectancy', 'expected_schooling', 'mean_schooling', 'expenditure_per_capita']),
  ('idg', 'Indeks Pemberdayaan Gender', 'Gender Empowerment Index (BPS)', '0-100', '(I_parlemen + I_keputusan + I_pendapatan) / 3 × 100', 'BPS', ['parliament_share', 'professional_share', 'income_share']),
  ('ikg', 'Indeks Ketimpangan Gender', 'Gender Inequality Index (BPS)', '0-1', '1 − HARM / G_fm', 'BPS (metode 2023)', ['birth_outside_facility', 'first_birth_under_20', 'parliament_share', 'senior_high_education', 'labour_force_participation']),
  ('gdi', 'Gender Development Index (UNDP)', 'Gender Development Index (UNDP)', '0-1', 'HDI_f / HDI_m', 'UNDP', ['life_expectancy', 'expected_schooling', 'mean_schooling', 'gni_per_capita']),
  ('gii', 'Gender Inequality Index (UNDP)', 'Gender Inequality Index (UNDP)', '0-1', '1 − HARM / G_fm', 'UNDP', ['maternal_mortality', 'adolescent_birth', 'parliament_share', 'secondary_education', 'labour_force_participation']);

CREATE TABLE published.gender_index (region_code VARCHAR, year INTEGER, index_code VARCHAR, value DOUBLE,
  complete BOOLEAN, approximate BOOLEAN, note VARCHAR);
INSERT INTO published.gender_index VALUES
  ('1275', 2021, 'ipg', 94.21, true, false, NULL),
  ('1275', 2022, 'ipg', 94.40, true, false, NULL),
  ('1275', 2023, 'ipg', 94.75, true, false, NULL),
  ('1275', 2021, 'idg', 78.12, true, true, 'Komponen pendapatan memakai batas rupiah perkiraan'),
  ('1275', 2022, 'idg', 79.05, true, true, 'Komponen pendapatan memakai batas rupiah perkiraan'),
  ('1275', 2023, 'idg', 80.31, true, true, 'Komponen pendapatan memakai batas rupiah perkiraan'),
  ('1275', 2021, 'ikg', 0.251, true, false, NULL),
  ('1275', 2022, 'ikg', 0.244, true, false, NULL),
  ('1275', 2023, 'ikg', 0.232, true, false, NULL),
  ('1275', 2023, 'gdi', 0.9477, true, false, NULL),
  ('12', 2021, 'ipg', 90.85, true, false, NULL),
  ('12', 2022, 'ipg', 91.06, true, false, NULL),
  ('12', 2023, 'ipg', 91.37, true, false, NULL),
  ('12', 2022, 'idg', 69.33, true, true, NULL),
  ('12', 2022, 'ikg', 0.442, true, false, NULL),
  ('12', 2023, 'ikg', 0.425, true, false, NULL),
  ('00', 2021, 'ipg', 91.27, true, false, NULL),
  ('00', 2022, 'ipg', 91.63, true, false, NULL),
  ('00', 2023, 'ipg', 91.85, true, false, NULL),
  ('00', 2022, 'idg', 76.59, true, false, NULL),
  ('00', 2021, 'ikg', 0.465, true, false, NULL),
  ('00', 2022, 'ikg', 0.459, true, false, NULL),
  ('00', 2023, 'ikg', 0.447, true, false, NULL),
  ('1275010', 2023, 'ipg', 93.12, true, false, NULL),
  ('1275020', 2023, 'ipg', 95.40, true, false, NULL),
  ('1275030', 2023, 'ipg', 92.05, true, false, NULL),
  ('1275090', 2023, 'ipg', 96.81, true, false, NULL),
  ('1276', 2023, 'ipg', 93.44, true, false, NULL);
-- The Indonesian note is added as a column of its own, as the stages publish it.
ALTER TABLE published.gender_index ADD COLUMN note_id VARCHAR;
UPDATE published.gender_index SET note_id = 'catatan indonesia: ' || note WHERE note IS NOT NULL;

CREATE TABLE published.indicator_value (region_code VARCHAR, year INTEGER, indicator VARCHAR, sex VARCHAR,
  value DOUBLE, unit VARCHAR, source VARCHAR, n_unweighted BIGINT, reliable BOOLEAN, origin VARCHAR, batch_id BIGINT);
INSERT INTO published.indicator_value VALUES
  ('1275', 2021, 'life_expectancy', 'P', 75.10, 'years', 'BPS Kota Medan', NULL, true, 'published', 1),
  ('1275', 2021, 'life_expectancy', 'L', 71.32, 'years', 'BPS Kota Medan', NULL, true, 'published', 1),
  ('1275', 2022, 'life_expectancy', 'P', 75.31, 'years', 'BPS Kota Medan', NULL, true, 'published', 1),
  ('1275', 2022, 'life_expectancy', 'L', 71.58, 'years', 'BPS Kota Medan', NULL, true, 'published', 1),
  ('1275', 2023, 'life_expectancy', 'P', 75.56, 'years', 'BPS Kota Medan', NULL, true, 'published', 1),
  ('1275', 2023, 'life_expectancy', 'L', 71.83, 'years', 'BPS Kota Medan', NULL, true, 'published', 1),
  ('1275', 2021, 'labour_force_participation', 'P', 48.90, 'percent', 'Sakernas (mikrodata)', 25, false, 'microdata', 2),
  ('1275', 2021, 'labour_force_participation', 'L', 80.10, 'percent', 'Sakernas (mikrodata)', 31, true, 'microdata', 2),
  ('1275', 2022, 'labour_force_participation', 'P', 51.37, 'percent', 'Sakernas (mikrodata)', 412, true, 'microdata', 2),
  ('1275', 2022, 'labour_force_participation', 'L', 81.02, 'percent', 'Sakernas (mikrodata)', 398, true, 'microdata', 2),
  ('1275', 2022, 'labour_force_participation', 'T', 66.04, 'percent', 'Sakernas (mikrodata)', 810, true, 'microdata', 2),
  ('1275', 2023, 'labour_force_participation', 'P', 53.25, 'percent', 'Sakernas (mikrodata)', 420, true, 'microdata', 2),
  ('1275', 2023, 'labour_force_participation', 'L', 82.64, 'percent', 'Sakernas (mikrodata)', 405, true, 'microdata', 2),
  ('1275', 2023, 'labour_force_participation', 'T', 67.81, 'percent', 'Sakernas (mikrodata)', 825, true, 'microdata', 2),
  ('1275', 2023, 'population', 'T', 2494512, 'persons', 'BPS Kota Medan', NULL, true, 'published', 1),
  ('1275010', 2023, 'labour_force_participation', 'P', 54.10, 'percent', 'Sakernas (mikrodata)', 88, true, 'microdata', 2),
  ('1275010', 2023, 'labour_force_participation', 'L', 83.20, 'percent', 'Sakernas (mikrodata)', 90, true, 'microdata', 2),
  ('1275020', 2023, 'labour_force_participation', 'P', 57.44, 'percent', 'Sakernas (mikrodata)', 64, true, 'microdata', 2),
  ('1275020', 2023, 'labour_force_participation', 'L', 80.95, 'percent', 'Sakernas (mikrodata)', 70, true, 'microdata', 2),
  ('1275030', 2023, 'labour_force_participation', 'P', 41.67, 'percent', 'Sakernas (mikrodata)', 12, false, 'microdata', 2),
  ('1275030', 2023, 'labour_force_participation', 'L', 79.30, 'percent', 'Sakernas (mikrodata)', 40, true, 'microdata', 2),
  ('1275090', 2023, 'labour_force_participation', 'P', 50.02, 'percent', 'Sakernas (mikrodata)', 51, true, 'microdata', 2),
  ('1275090', 2023, 'labour_force_participation', 'L', 78.15, 'percent', 'Sakernas (mikrodata)', 49, true, 'microdata', 2);

CREATE TABLE published.indicator_estimate AS
  SELECT *, true AS chosen FROM published.indicator_value;

CREATE TABLE published.gender_gap (region_code VARCHAR, year INTEGER, indicator VARCHAR, female DOUBLE,
  male DOUBLE, ratio DOUBLE, difference DOUBLE, unit VARCHAR);
INSERT INTO published.gender_gap
  SELECT p.region_code, p.year, p.indicator, p.value, l.value, p.value / l.value, p.value - l.value, p.unit
  FROM published.indicator_value p
  JOIN published.indicator_value l USING (region_code, year, indicator)
  WHERE p.sex = 'P' AND l.sex = 'L';

CREATE TABLE published.program_summary (year INTEGER, opd_code VARCHAR, opd_name VARCHAR, activities BIGINT,
  responsive_activities BIGINT, budget DOUBLE, realization DOUBLE, realization_rate DOUBLE,
  responsive_budget DOUBLE, responsive_share DOUBLE, output_achievement DOUBLE,
  beneficiaries_female BIGINT, beneficiaries_male BIGINT, female_share DOUBLE);
INSERT INTO published.program_summary VALUES
  (2023, '1.02.01', 'Dinas Kesehatan', 42, 18, 412500000000, 371250000000, 0.90, 158000000000, 0.3830, 0.94, 181204, 120331, 0.6010),
  (2023, '2.08.01', 'Dinas Pemberdayaan Perempuan dan Perlindungan Anak', 17, 15, 18750000000, 17062500000, 0.91, 16120000000, 0.8597, 0.97, 9120, 2210, 0.8049),
  (2023, '9.99.99', '<script>alert("x")</script> Dinas & "Uji"', 3, 1, 1234567890, 987654321, 0.80, 234567890, 0.1900, 0.75, 120, 80, 0.60),
  (2022, '1.02.01', 'Dinas Kesehatan', 40, 16, 398000000000, 350240000000, 0.88, 140000000000, 0.3518, 0.91, 175000, 118000, 0.5973),
  (2022, '2.08.01', 'Dinas Pemberdayaan Perempuan dan Perlindungan Anak', 16, 14, 17200000000, 15480000000, 0.90, 14800000000, 0.8605, 0.95, 8800, 2100, 0.8073);

CREATE TABLE published.target_group_summary (year INTEGER, target_group VARCHAR, activities BIGINT, budget DOUBLE,
  realization DOUBLE, beneficiaries_female BIGINT, beneficiaries_male BIGINT);
INSERT INTO published.target_group_summary VALUES
  (2023, 'anak', 12, 45000000000, 40500000000, 51000, 49800),
  (2023, 'perempuan', 20, 98000000000, 90160000000, 120400, 0),
  (2023, 'disabilitas', 5, 6200000000, 5580000000, 1300, 1700),
  (2023, 'lansia', 7, 11000000000, 9900000000, 8200, 6900),
  (2023, 'ibu_hamil', 9, 23000000000, 21620000000, 15400, 0);

CREATE TABLE published.opd_ranking (year INTEGER, rank INTEGER, opd_code VARCHAR, opd_name VARCHAR, score DOUBLE,
  responsive_share DOUBLE, realization_rate DOUBLE, output_achievement DOUBLE, female_share DOUBLE);
INSERT INTO published.opd_ranking VALUES
  (2023, 1, '2.08.01', 'Dinas Pemberdayaan Perempuan dan Perlindungan Anak', 0.8836, 0.8597, 0.91, 0.97, 0.8049),
  (2023, 2, '1.02.01', 'Dinas Kesehatan', 0.7060, 0.3830, 0.90, 0.94, 0.6010),
  (2023, 3, '9.99.99', '<script>alert("x")</script> Dinas & "Uji"', 0.5850, 0.1900, 0.80, 0.75, 0.60);

CREATE TABLE published.data_completeness (region_code VARCHAR, year INTEGER, index_code VARCHAR, missing VARCHAR[], complete BOOLEAN);
INSERT INTO published.data_completeness VALUES
  ('1275', 2023, 'ipg', [], true),
  ('1275', 2023, 'ikg', [], true),
  ('1275', 2023, 'gii', ['maternal_mortality', 'adolescent_birth'], false),
  ('1275', 2022, 'gdi', ['life_expectancy:P'], false),
  ('12', 2023, 'ipg', [], true);

CREATE TABLE published.rejected_rows (file VARCHAR, line BIGINT, "column" VARCHAR, value VARCHAR, reason VARCHAR, batch_id BIGINT);
INSERT INTO published.rejected_rows VALUES
  ('indikator_2023.csv', 14, 'value', '1O2,5', 'not a number (expected a decimal number such as 72,5)', 1),
  ('indikator_2023.csv', 27, 'region_code', '1299', 'unknown region (expected a BPS code declared in regions)', 1);

CREATE TABLE published.batch (batch_id BIGINT, file_path VARCHAR, file_name VARCHAR, sha256 VARCHAR, size_bytes BIGINT,
  kind VARCHAR, format VARCHAR, rows_accepted BIGINT, rows_rejected BIGINT, strict BOOLEAN, status VARCHAR,
  loaded_at TIMESTAMPTZ, seconds DOUBLE, standing VARCHAR, reason VARCHAR, changed_by VARCHAR, changed_at TIMESTAMPTZ,
  superseded_by BIGINT, quarantine_run BIGINT, quarantine_check VARCHAR, quarantine_rows VARCHAR);
INSERT INTO published.batch VALUES
  (1, '/data/inbox/indikator_2023.csv', 'indikator_2023.csv', 'ab12', 10240, 'indicators', 'csv', 412, 2, false, 'loaded', TIMESTAMPTZ '2024-03-05 06:55:00+00', 0.21,
   'active', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (2, '/data/inbox/sakernas_2023.parquet', 'sakernas_2023.parquet', 'cd34', 880000, 'microdata', 'parquet', 24810, 0, false, 'loaded', TIMESTAMPTZ '2024-03-05 06:56:10+00', 1.40,
   'active', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (3, '/data/inbox/kursi_dprd.csv', 'kursi_dprd.csv', 'ef56', 120, 'indicators', 'csv', 2, 0, true, 'loaded', TIMESTAMPTZ '2024-03-05 06:57:00+00', 0.02,
   'quarantined', 'quarantined by run 1: blocking check gender_index_in_range failed', 'refresh', TIMESTAMPTZ '2024-03-05 07:00:03+00',
   NULL, 1, 'gender_index_in_range', '[{"region_code":"1275","year":2018,"index_code":"idg","value":107.2,"valid_min":0,"valid_max":100}]'),
  (4, '/data/inbox/tpak_2023.csv', 'tpak_2023.csv', 'gh78', 96, 'indicators', 'csv', 2, 0, true, 'loaded', TIMESTAMPTZ '2024-03-05 06:58:00+00', 0.02,
   'retracted', 'salah putaran survei', 'analis', TIMESTAMPTZ '2024-03-05 06:59:00+00', NULL, NULL, NULL, NULL);

CREATE TABLE published.run_history (run_id BIGINT, trigger VARCHAR, started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ,
  status VARCHAR, error VARCHAR, snapshot VARCHAR, files_taken INTEGER, rows_loaded BIGINT);
INSERT INTO published.run_history VALUES
  (0, 'refresh', TIMESTAMPTZ '2024-03-05 06:59:30+00', TIMESTAMPTZ '2024-03-05 06:59:40+00', 'failed',
   'blocking check gender_index_in_range failed', NULL, 4, 25226),
  (1, 'run', TIMESTAMPTZ '2024-03-05 07:00:00+00', TIMESTAMPTZ '2024-03-05 07:00:04+00', 'succeeded', NULL, 'run-000001.duckdb', 2, 25222);

CREATE TABLE published.run_stage (run_id BIGINT, ordinal INTEGER, stage VARCHAR, file VARCHAR, seconds DOUBLE, rows BIGINT);
INSERT INTO published.run_stage VALUES
  (1, 1, 'staging', '10_staging.sql', 0.412, 25222),
  (1, 2, 'indicators', '20_indicators.sql', 1.250, 1840),
  (1, 3, 'indices', '30_indices.sql', 0.318, 112);

CREATE TABLE published.run_check (run_id BIGINT, check_name VARCHAR, file VARCHAR, severity VARCHAR, failing_rows BIGINT, sample VARCHAR);
INSERT INTO published.run_check VALUES
  (0, 'gender_index_in_range', 'queries/checks/gender_index_in_range.sql', 'blocking', 1,
   '[{"index_code":"idg","region_code":"1275","valid_max":100,"valid_min":0,"value":107.2,"year":2018}]'),
  (1, 'index_in_range', 'checks/index_range.sql', 'blocking', 0, NULL),
  (1, 'small_cells', 'checks/small_cells.sql', 'warning', 2, '[{"region_code":"1275030"}]');

CREATE TABLE published.snapshot_info (run_id BIGINT, snapshot VARCHAR, published_at TIMESTAMPTZ, demo BOOLEAN, label VARCHAR);
INSERT INTO published.snapshot_info VALUES
  (1, 'run-000001.duckdb', TIMESTAMPTZ '2024-03-05 07:00:04+00', false, 'fixture');

-- The PUG evaluation (queries/stages/evaluation/): three OPDs of 2023, the finding catalog read
-- from the repository's data/findings.csv (the tests run in dashboards/web).
CREATE TABLE published.finding_catalog AS
SELECT row_number() OVER () AS ordinal, * FROM read_csv('../../data/findings.csv', header = true, all_varchar = true);
CREATE TABLE published.program_evaluation (year INTEGER, opd_code VARCHAR, opd_name VARCHAR, program VARCHAR,
  activity VARCHAR, budget DOUBLE, realization DOUBLE, realization_rate DOUBLE, gender_responsive BOOLEAN,
  target_groups VARCHAR[], output_indicator VARCHAR, output_target DOUBLE, output_realized DOUBLE, has_gbs BOOLEAN,
  gender_issue VARCHAR, data_basis VARCHAR, data_indicator VARCHAR, gap_factors VARCHAR[], cause_internal VARCHAR,
  cause_external VARCHAR, objective VARCHAR, action_plan VARCHAR, gbs_output_indicator VARCHAR,
  outcome_indicator VARCHAR, gbs_budget DOUBLE, target_female BIGINT, target_male BIGINT,
  beneficiaries_female BIGINT, beneficiaries_male BIGINT, gbs_complete BOOLEAN, female_target_achievement DOUBLE,
  male_target_achievement DOUBLE, data_year INTEGER, data_female DOUBLE, data_male DOUBLE, data_ratio DOUBLE,
  findings VARCHAR[]);
INSERT INTO published.program_evaluation VALUES
  (2023, '1.02.01', 'Dinas Kesehatan', 'Program Kesehatan', 'Pelayanan Kesehatan Ibu Hamil', 2500000000, 2300000000, 0.92, true,
   ['ibu_hamil'], 'ibu hamil K6', 1500, 1410, true, 'Perempuan bekerja jarang memeriksakan kehamilan', 'Sakernas 2022', 'labour_force_participation',
   ['akses', 'manfaat'], 'Jam layanan', 'Jam kerja', 'Naik', 'Layanan sore', 'ibu hamil K6', 'K6 naik', 2500000000, 1200, 300, 1100, 310, true,
   0.9166666666666666, 1.0333333333333334, 2023, 53.25, 82.64, 0.6443610842207163, []),
  (2023, '1.02.01', 'Dinas Kesehatan', 'Program Kesehatan', 'Pelayanan Kesehatan Lansia', 900000000, 850000000, 0.944, true,
   ['lansia'], 'lansia diskrining', 3000, 2900, false, NULL, NULL, NULL, [], NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
   1600, 1300, false, NULL, NULL, NULL, NULL, NULL, NULL, ['responsive_without_gbs']),
  (2023, '2.08.01', 'Dinas Pemberdayaan Perempuan dan Perlindungan Anak', 'Program Pemberdayaan', 'Pelatihan Kewirausahaan Perempuan',
   600000000, 540000000, 0.9, true, ['perempuan'], 'peserta', 550, 460, true, 'Usaha perempuan kecil', 'Susenas 2022', NULL, ['akses', 'kontrol'],
   'Modal', NULL, 'Omzet naik', 'Pelatihan', 'peserta', 'omzet', 600000000, 500, 50, 400, 60, false, 0.8, 1.2, NULL, NULL, NULL, NULL,
   ['gbs_incomplete', 'women_target_missed']),
  (2023, '9.99.99', '<script>alert("x")</script> Dinas & "Uji"', 'Program Uji', '<b>Kegiatan</b> & "Uji"', 100000000, 90000000, 0.9, true,
   ['perempuan'], 'orang', 10, 10, true, 'Isu <i>uji</i>', 'Data uji', NULL, ['kontrol'], 'a', 'b', 'c', 'd', 'e', 'f', 120000000, 6, 4, 6, 4, true,
   1.0, 1.0, NULL, NULL, NULL, NULL, ['budget_mismatch']);
CREATE TABLE published.opd_finding (year INTEGER, opd_code VARCHAR, finding VARCHAR, severity VARCHAR, ordinal BIGINT, activities BIGINT);
INSERT INTO published.opd_finding VALUES
  (2023, '1.02.01', 'responsive_without_gbs', 'high', 1, 1),
  (2023, '2.08.01', 'gbs_incomplete', 'medium', 2, 1),
  (2023, '2.08.01', 'women_target_missed', 'high', 5, 1),
  (2023, '9.99.99', 'budget_mismatch', 'low', 8, 1);
CREATE TABLE published.opd_evaluation (year INTEGER, opd_code VARCHAR, opd_name VARCHAR, activities BIGINT,
  responsive_activities BIGINT, activities_with_gbs BIGINT, responsive_with_complete_gbs BIGINT, gbs_complete_share DOUBLE,
  gap_factors_addressed VARCHAR[], target_female BIGINT, beneficiaries_female_targeted BIGINT, female_target_achievement DOUBLE,
  target_male BIGINT, beneficiaries_male_targeted BIGINT, male_target_achievement DOUBLE, prerequisites_met BIGINT,
  prerequisites_partial BIGINT, prerequisites_reported BIGINT, activities_with_findings BIGINT, findings_total BIGINT,
  findings_high BIGINT, findings STRUCT(finding VARCHAR, activities BIGINT)[], grade VARCHAR, grade_rule_id VARCHAR,
  grade_rule_en VARCHAR);
INSERT INTO published.opd_evaluation VALUES
  (2023, '9.99.99', '<script>alert("x")</script> Dinas & "Uji"', 1, 1, 1, 1, 1.0, ['kontrol'], 6, 6, 1.0, 4, 4, 1.0, 6, 1, 7, 1, 1, 0,
   [{'finding': 'budget_mismatch', 'activities': 1}], 'A', 'A: aturan uji', 'A: test rule'),
  (2023, '1.02.01', 'Dinas Kesehatan', 2, 2, 1, 1, 0.5, ['akses', 'manfaat'], 1200, 1100, 0.9166666666666666, 300, 310,
   1.0333333333333334, 5, 1, 7, 1, 1, 1, [{'finding': 'responsive_without_gbs', 'activities': 1}], 'C',
   'C: sekurang-kurangnya 30 % kegiatan responsif gender ber-GBS lengkap', 'C: at least 30 % of gender-responsive activities with a complete GBS'),
  (2023, '2.08.01', 'Dinas Pemberdayaan Perempuan dan Perlindungan Anak', 1, 1, 1, 0, 0.0, ['akses', 'kontrol'], 500, 400, 0.8, 50, 60, 1.2,
   6, 0, 6, 1, 2, 1, [{'finding': 'gbs_incomplete', 'activities': 1}, {'finding': 'women_target_missed', 'activities': 1}], 'D',
   'D: kurang dari 30 % kegiatan responsif gender ber-GBS lengkap', 'D: under 30 % of gender-responsive activities with a complete GBS');
CREATE TABLE published.pug_readiness (year INTEGER, opd_code VARCHAR, opd_name VARCHAR, ordinal INTEGER, prerequisite VARCHAR,
  status VARCHAR, evidence VARCHAR, note VARCHAR);
INSERT INTO published.pug_readiness VALUES
  (2023, 'KOTA', NULL, 1, 'komitmen', 'ada', 'Perwal PUG', NULL),
  (2023, 'KOTA', NULL, 2, 'kebijakan', 'ada', 'RPJMD memuat PUG', NULL),
  (2023, 'KOTA', NULL, 3, 'kelembagaan', 'ada', 'Pokja PUG', NULL),
  (2023, 'KOTA', NULL, 4, 'sumber_daya', 'ada', 'Fasilitator PUG', NULL),
  (2023, 'KOTA', NULL, 5, 'data_terpilah', 'ada', 'Profil gender', NULL),
  (2023, 'KOTA', NULL, 6, 'alat_analisis', 'sebagian', 'GAP di 20 OPD', NULL),
  (2023, 'KOTA', NULL, 7, 'partisipasi_masyarakat', 'belum', NULL, NULL),
  (2023, '1.02.01', 'Dinas Kesehatan', 1, 'komitmen', 'ada', NULL, NULL),
  (2023, '1.02.01', 'Dinas Kesehatan', 2, 'kebijakan', 'ada', NULL, NULL),
  (2023, '1.02.01', 'Dinas Kesehatan', 3, 'kelembagaan', 'ada', NULL, NULL),
  (2023, '1.02.01', 'Dinas Kesehatan', 4, 'sumber_daya', 'ada', NULL, NULL),
  (2023, '1.02.01', 'Dinas Kesehatan', 5, 'data_terpilah', 'ada', NULL, NULL),
  (2023, '1.02.01', 'Dinas Kesehatan', 6, 'alat_analisis', 'sebagian', NULL, NULL),
  (2023, '1.02.01', 'Dinas Kesehatan', 7, 'partisipasi_masyarakat', NULL, NULL, NULL),
  (2023, '9.99.99', '<script>alert("x")</script> Dinas & "Uji"', 1, 'komitmen', 'ada', '<img src=x onerror=alert(1)>', NULL);

-- Published index values beside the computed ones (index_check): IKG agrees, IPG does not.
CREATE TABLE published.index_check (region_code VARCHAR, year INTEGER, index_code VARCHAR, computed DOUBLE,
  published DOUBLE, difference DOUBLE, precision INTEGER, agrees BOOLEAN, source VARCHAR, batch_id BIGINT, file VARCHAR, line BIGINT);
INSERT INTO published.index_check VALUES
  ('1275', 2023, 'ikg', 0.2321, 0.232, 0.0001, 3, true, 'BPS, Indeks Ketimpangan Gender 2023', 1, 'indeks_terbitan.csv', 2),
  ('1275', 2023, 'ipg', 94.75, 94.70, 0.05, 2, false, 'BPS Kota Medan, IPG 2023', 1, 'indeks_terbitan.csv', 3);

-- gender_gap's mixed_origin (P and L from different origins or surveys): Medan Baru's TPAK.
ALTER TABLE published.gender_gap ADD COLUMN mixed_origin BOOLEAN DEFAULT false;
UPDATE published.gender_gap SET mixed_origin = true WHERE region_code = '1275020' AND indicator = 'labour_force_participation';

-- The publication band of survey estimates (indicator_value.band, rse): Medan Johor's female
-- TPAK of 2023 has a relative standard error of 31 %, published with a caution mark.
ALTER TABLE published.indicator_value ADD COLUMN band VARCHAR DEFAULT 'publish';
ALTER TABLE published.indicator_value ADD COLUMN rse DOUBLE;
UPDATE published.indicator_value SET band = 'caution', rse = 0.31
WHERE region_code = '1275020' AND year = 2023 AND indicator = 'labour_force_participation' AND sex = 'P';
-- The rest of its design-based figures; 4 of the records of its universe lack their labour
-- force status (n_missing).
ALTER TABLE published.indicator_value ADD COLUMN se DOUBLE;
ALTER TABLE published.indicator_value ADD COLUMN ci_low DOUBLE;
ALTER TABLE published.indicator_value ADD COLUMN ci_high DOUBLE;
ALTER TABLE published.indicator_value ADD COLUMN n_effective DOUBLE;
ALTER TABLE published.indicator_value ADD COLUMN n_missing BIGINT;
UPDATE published.indicator_value SET se = 17.81, ci_low = 22.53, ci_high = 92.35, n_effective = 51.2, n_missing = 4
WHERE region_code = '1275020' AND year = 2023 AND indicator = 'labour_force_participation' AND sex = 'P';

-- The input facts of Medan's IKG 2023, as a view (a run publishes index_input_fact as a view
-- of index_input_row with the labels joined in: queries/stages/publish/index_input_fact.sql).
CREATE TABLE published.ikg_input (region_code VARCHAR, year INTEGER, index_code VARCHAR, ordinal BIGINT,
  input VARCHAR, indicator VARCHAR, sex VARCHAR, value DOUBLE, unit VARCHAR, unit_id VARCHAR, unit_en VARCHAR,
  name_id VARCHAR, name_en VARCHAR, source VARCHAR, origin VARCHAR, reliable BOOLEAN, n_unweighted BIGINT,
  batch_id BIGINT, file VARCHAR, line BIGINT);
INSERT INTO published.ikg_input VALUES
  ('1275', 2023, 'ikg', 2, 'labour_force_participation.P', 'labour_force_participation', 'P', 55.1, 'percent', 'persen', 'percent',
   'Tingkat Partisipasi Angkatan Kerja (TPAK)', 'Labour force participation rate', 'Sakernas 2023', 'microdata', true, 412, 2, 'sakernas_2023.parquet', NULL),
  ('1275', 2023, 'ikg', 1, 'parliament_share.P', 'parliament_share', 'P', 20.0, 'percent', 'persen', 'percent',
   'Keterlibatan perempuan di parlemen (kursi legislatif)', 'Share of seats in parliament', 'BPS Kota Medan', 'published', true, NULL, 1, 'indikator_2023.csv', 7);
CREATE VIEW published.index_input_fact AS SELECT * FROM ikg_input;
