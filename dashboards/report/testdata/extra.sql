-- Adds to the snapshottest fixture (pipeline/snapshot/snapshottest/fixture.sql) the published
-- tables the report reads and that fixture lacks. Values are made up.
INSERT INTO published.region VALUES ('00', 'Indonesia', 'country', NULL), ('1275020', 'Medan Johor', 'district', '1275');

INSERT INTO published.gender_index VALUES
    ('12', 2022, 'ipg', 91.0, true, false, NULL, NULL),
    ('12', 2023, 'ipg', 91.25, true, false, NULL, NULL),
    ('00', 2023, 'ipg', 91.5, true, false, NULL, NULL),
    ('1275', 2023, 'idg', 70.125, true, true, 'income part uses assumed goalposts', 'bagian pendapatan memakai batas asumsi');

INSERT INTO published.indicator_value (region_code, year, indicator, sex, value, unit, source, n_unweighted, reliable, origin, batch_id) VALUES
    ('1275', 2023, 'labour_force_participation', 'P', 54.5, 'percent', 'survey', 1210, true, 'microdata', 3),
    ('1275', 2023, 'labour_force_participation', 'L', 82.0, 'percent', 'survey', 1190, true, 'microdata', 3),
    ('1275020', 2023, 'labour_force_participation', 'P', 49.0, 'percent', 'survey', 21, false, 'microdata', 3),
    ('1275020', 2023, 'labour_force_participation', 'L', 79.0, 'percent', 'survey', 24, false, 'microdata', 3);

INSERT INTO published.gender_gap (region_code, year, indicator, female, male, ratio, difference, unit) VALUES
    ('1275', 2023, 'labour_force_participation', 54.5, 82.0, 0.6646341463414634, -27.5, 'percent'),
    ('1275020', 2023, 'labour_force_participation', 49.0, 79.0, 0.620253164556962, -30.0, 'percent');

CREATE TABLE published.indicator_catalog (
    code VARCHAR, name_id VARCHAR, name_en VARCHAR, unit VARCHAR, unit_id VARCHAR, unit_en VARCHAR,
    min DOUBLE, max DOUBLE, higher_is_better BOOLEAN, sexes VARCHAR, topic VARCHAR, aliases VARCHAR);
INSERT INTO published.indicator_catalog VALUES
    ('life_expectancy', 'Umur Harapan Hidup saat lahir (UHH)', 'Life expectancy at birth', 'years', 'tahun', 'years', 15, 100, true, 'P;L;T', 'health', 'uhh'),
    ('labour_force_participation', 'Tingkat Partisipasi Angkatan Kerja (TPAK)', 'Labour force participation rate', 'percent', 'persen', 'percent', 0, 100, true, 'P;L;T', 'labour', 'tpak'),
    ('parliament_share', 'Keterlibatan perempuan di parlemen', 'Share of seats in parliament', 'percent', 'persen', 'percent', 0, 100, true, 'P;L', 'decision', 'pr');

CREATE TABLE published.index_catalog (
    index_code VARCHAR, name_id VARCHAR, name_en VARCHAR, scale VARCHAR, formula VARCHAR, source VARCHAR, inputs VARCHAR[]);
INSERT INTO published.index_catalog VALUES
    ('ipg', 'Indeks Pembangunan Gender (IPG)', 'Gender Development Index (BPS IPG)', '0-100', 'IPM_P / IPM_L * 100', 'BPS, IPG methodology', ['life_expectancy.P', 'life_expectancy.L']),
    ('ikg', 'Indeks Ketimpangan Gender (IKG)', 'Gender Inequality Index (BPS IKG)', '0-1', 'GII structure; c = 5e-5', 'BPS, IKG methodology', ['parliament_share.P', 'labour_force_participation.P']);

CREATE TABLE published.opd_ranking (
    year INTEGER, rank BIGINT, opd_code VARCHAR, opd_name VARCHAR, score DOUBLE, responsive_share DOUBLE,
    realization_rate DOUBLE, output_achievement DOUBLE, female_share DOUBLE);
INSERT INTO published.opd_ranking VALUES
    (2023, 1, '2.08.01', 'Dinas P3APM', 91.5, 1.0, 0.8, 1.0, 0.75),
    (2023, 2, '1.02.01', 'Dinas Kesehatan', 84.25, 0.8, 0.9, 0.95, 0.6);

CREATE TABLE published.data_completeness (
    region_code VARCHAR, year INTEGER, index_code VARCHAR, missing VARCHAR[], complete BOOLEAN);
INSERT INTO published.data_completeness VALUES
    ('1275', 2023, 'ipg', [], true),
    ('1275', 2023, 'ikg', [], true),
    ('1275010', 2023, 'ikg', ['parliament_share.P', 'parliament_share.L'], false),
    ('1275020', 2023, 'ikg', ['parliament_share.P', 'parliament_share.L'], false);

INSERT INTO published.program_summary VALUES
    (2023, '6.01.01', 'Inspektorat', 3, 0, 400000000, 380000000, 0.95, 0, 0, NULL, 0, 0, NULL);


-- The finding catalog of the PUG evaluation, read from the repository's data/findings.csv (the
-- tests run in dashboards/report); the evaluation's rows are in the snapshottest fixture.
CREATE TABLE published.finding_catalog AS
SELECT row_number() OVER () AS ordinal, * FROM read_csv('../../data/findings.csv', header = true, all_varchar = true);


-- Kota Medan's female TPAK of 2023 has a relative standard error of 30 %: published with a mark.
UPDATE published.indicator_value SET band = 'caution', rse = 0.30
WHERE region_code = '1275' AND year = 2023 AND indicator = 'labour_force_participation' AND sex = 'P';
