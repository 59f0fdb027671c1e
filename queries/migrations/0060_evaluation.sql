-- The PUG evaluation's two input kinds (issue: GBS evaluation).
--
-- raw_gbs: one Gender Budget Statement (Lembar Anggaran Responsif Gender) per gender-responsive
-- activity, keyed like raw_program by (year, opd_code, program, activity). Free text is kept as
-- written (NULL only when the cell is empty); gap_factors is the APKM subset (akses,
-- partisipasi, kontrol, manfaat); data_indicator an optional catalog code.
CREATE TABLE raw_gbs (
    batch_id          BIGINT NOT NULL,
    line              BIGINT NOT NULL,
    year              INTEGER NOT NULL,
    opd_code          VARCHAR NOT NULL,
    program           VARCHAR NOT NULL,
    activity          VARCHAR NOT NULL,
    gender_issue      VARCHAR,
    data_basis        VARCHAR,
    data_indicator    VARCHAR,
    gap_factors       VARCHAR[] NOT NULL,
    cause_internal    VARCHAR,
    cause_external    VARCHAR,
    objective         VARCHAR,
    action_plan       VARCHAR,
    output_indicator  VARCHAR,
    target_female     BIGINT,
    target_male       BIGINT,
    outcome_indicator VARCHAR,
    budget            DOUBLE -- rupiah
);

-- raw_readiness: the seven prerequisites of PUG per year and OPD (KOTA: the city as a whole).
CREATE TABLE raw_readiness (
    batch_id     BIGINT NOT NULL,
    line         BIGINT NOT NULL,
    year         INTEGER NOT NULL,
    opd_code     VARCHAR NOT NULL,
    prerequisite VARCHAR NOT NULL, -- komitmen, kebijakan, kelembagaan, sumber_daya, data_terpilah, alat_analisis, partisipasi_masyarakat
    status       VARCHAR NOT NULL, -- ada, sebagian, belum
    evidence     VARCHAR,
    note         VARCHAR
);

-- The catalog of evaluation findings (data/findings.csv): code, severity, the activity or OPD
-- it applies to, and a text and a recommendation in Indonesian and English.
CREATE TABLE ref_finding (
    code              VARCHAR PRIMARY KEY,
    severity          VARCHAR NOT NULL,
    applies_to        VARCHAR NOT NULL,
    text_id           VARCHAR NOT NULL,
    text_en           VARCHAR NOT NULL,
    recommendation_id VARCHAR NOT NULL,
    recommendation_en VARCHAR NOT NULL
);
