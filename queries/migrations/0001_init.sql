-- Warehouse schema, version 1. Raw facts keep every batch (history); stages pick the latest
-- batch per key. Reference tables (ref_*) are refilled from the embedded data/ files each time
-- the warehouse opens, so a newer setara brings newer reference data to an older warehouse.

CREATE SEQUENCE batch_id_seq START 1;
CREATE SEQUENCE run_id_seq START 1;

CREATE TABLE ref_region (
    region_code VARCHAR PRIMARY KEY,
    name        VARCHAR NOT NULL,
    level       VARCHAR NOT NULL,
    parent_code VARCHAR
);

CREATE TABLE ref_indicator (
    code             VARCHAR PRIMARY KEY,
    name_id          VARCHAR NOT NULL,
    name_en          VARCHAR NOT NULL,
    unit             VARCHAR NOT NULL,
    unit_id          VARCHAR NOT NULL,
    unit_en          VARCHAR NOT NULL,
    min              DOUBLE NOT NULL,
    max              DOUBLE NOT NULL,
    higher_is_better BOOLEAN NOT NULL,
    sexes            VARCHAR NOT NULL, -- allowed sexes, ';'-separated (P, L, T)
    topic            VARCHAR NOT NULL,
    aliases          VARCHAR          -- ';'-separated
);

-- One row per loaded file.
CREATE TABLE batch (
    batch_id      BIGINT PRIMARY KEY,
    file_path     VARCHAR NOT NULL,
    file_name     VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,
    size_bytes    BIGINT NOT NULL,
    kind          VARCHAR NOT NULL, -- regions | indicators | microdata | programs
    format        VARCHAR NOT NULL, -- csv | xlsx | parquet
    rows_accepted BIGINT NOT NULL,
    rows_rejected BIGINT NOT NULL,
    strict        BOOLEAN NOT NULL,
    status        VARCHAR NOT NULL, -- loaded | rejected (strict file with errors: no facts kept)
    loaded_at     TIMESTAMPTZ NOT NULL,
    seconds       DOUBLE NOT NULL
);

CREATE TABLE raw_region (
    batch_id    BIGINT NOT NULL,
    line        BIGINT NOT NULL,
    region_code VARCHAR NOT NULL,
    name        VARCHAR NOT NULL,
    level       VARCHAR NOT NULL,
    parent_code VARCHAR
);

-- Declared regions: built in, overlaid by the latest loaded declaration of each code.
CREATE VIEW region AS
SELECT region_code, name, level, parent_code, batch_id
FROM (
    SELECT region_code, name, level, parent_code, 0 AS batch_id, 0 AS line FROM ref_region
    UNION ALL
    SELECT region_code, name, level, parent_code, batch_id, line FROM raw_region
)
QUALIFY row_number() OVER (PARTITION BY region_code ORDER BY batch_id DESC, line DESC) = 1;

CREATE TABLE raw_indicator (
    batch_id    BIGINT NOT NULL,
    line        BIGINT NOT NULL,
    region_code VARCHAR NOT NULL,
    year        INTEGER NOT NULL,
    indicator   VARCHAR NOT NULL, -- catalog code (aliases resolved)
    sex         VARCHAR NOT NULL, -- P | L | T
    value       DOUBLE NOT NULL,
    source      VARCHAR,
    note        VARCHAR
);

CREATE TABLE raw_microdata (
    batch_id               BIGINT NOT NULL,
    line                   BIGINT NOT NULL,
    region_code            VARCHAR NOT NULL,
    year                   INTEGER NOT NULL,
    person_id              VARCHAR NOT NULL,
    weight                 DOUBLE NOT NULL,
    sex                    VARCHAR NOT NULL, -- P | L
    age                    INTEGER NOT NULL,
    years_schooling        DOUBLE,
    highest_education      TINYINT,          -- 0 none .. 7 doctorate
    labour_force_status    VARCHAR,          -- employed | unemployed | not_in_labour_force
    occupation_group       TINYINT,          -- ISCO-08 major group 0-9
    earnings               DOUBLE,           -- rupiah per month
    ever_married           BOOLEAN,
    last_birth_in_facility BOOLEAN,
    age_at_first_birth     INTEGER
);

CREATE TABLE raw_program (
    batch_id             BIGINT NOT NULL,
    line                 BIGINT NOT NULL,
    year                 INTEGER NOT NULL,
    opd_code             VARCHAR NOT NULL,
    opd_name             VARCHAR NOT NULL,
    program              VARCHAR NOT NULL,
    activity             VARCHAR NOT NULL,
    budget               DOUBLE NOT NULL, -- rupiah
    realization          DOUBLE NOT NULL, -- rupiah
    gender_responsive    BOOLEAN NOT NULL,
    target_groups        VARCHAR[] NOT NULL, -- subset of perempuan, disabilitas, lansia, ibu_hamil, anak
    output_indicator     VARCHAR,
    output_target        DOUBLE,
    output_realized      DOUBLE,
    beneficiaries_male   BIGINT,
    beneficiaries_female BIGINT
);

-- Every rejected row of every load, with what is wrong (published as rejected_rows).
CREATE TABLE rejected_row (
    batch_id BIGINT NOT NULL,
    file     VARCHAR NOT NULL,
    line     BIGINT,
    "column" VARCHAR,
    value    VARCHAR,
    reason   VARCHAR NOT NULL
);

-- Run history: one row per `run`, `demo` or `refresh`.
CREATE TABLE run (
    run_id      BIGINT PRIMARY KEY,
    trigger     VARCHAR NOT NULL, -- run | demo | refresh | schedule
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    status      VARCHAR NOT NULL, -- running | succeeded | failed
    error       VARCHAR,
    snapshot    VARCHAR,          -- published snapshot file name, when published
    files_taken INTEGER,
    rows_loaded BIGINT
);

CREATE TABLE run_stage (
    run_id  BIGINT NOT NULL,
    ordinal INTEGER NOT NULL,
    stage   VARCHAR NOT NULL,
    file    VARCHAR NOT NULL,
    seconds DOUBLE NOT NULL,
    rows    BIGINT
);

CREATE TABLE run_check (
    run_id       BIGINT NOT NULL,
    check_name   VARCHAR NOT NULL,
    file         VARCHAR NOT NULL,
    severity     VARCHAR NOT NULL, -- blocking | warning
    failing_rows BIGINT NOT NULL,
    sample       VARCHAR          -- first offending rows, as JSON
);

CREATE SCHEMA published;
