-- Stage runner support (pipeline/stages): constants and the run context. (Intermediate stage
-- tables are TEMP tables of the run's connection: they never reach the warehouse file.)

-- Every constant the index formulas use (goalposts, caps, floors, the IKG calibration
-- constant, ranking weights), refilled from data/constants.csv at open, each with its source.
CREATE TABLE ref_constant (
    name   VARCHAR PRIMARY KEY,
    value  DOUBLE NOT NULL,
    unit   VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    note   VARCHAR
);

-- The parameters of the run in progress (one row, written by the runner inside the run's
-- transaction), so stage SQL reads them as data rather than as spliced literals.
CREATE TABLE run_context (
    run_id                BIGINT NOT NULL,
    trigger               VARCHAR NOT NULL,
    snapshot              VARCHAR NOT NULL,
    started_at            TIMESTAMPTZ NOT NULL,
    demo                  BOOLEAN NOT NULL,
    reliability_threshold INTEGER NOT NULL
);
