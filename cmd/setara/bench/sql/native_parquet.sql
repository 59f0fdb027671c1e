-- The yardstick of Parquet ingestion: DuckDB's own reader loading the microdata file (typed by
-- demo.WriteParquet) into a table, with no validation and no batch.
CREATE TABLE native AS SELECT * FROM read_parquet(?)
