-- The one pass of a microdata Parquet file, step 1: fast_check_microdata.sql's checks (rows of
-- undeclared regions, repeated keys) over the checked rows as the file gives them, before
-- anything is inserted. Only the three key columns are read (DuckDB prunes the view's other
-- columns), in parallel; the same checks over the rows once inserted read the batch's
-- uncommitted rows back, which took 3.4-4.1 s at 10 M rows against 2.2-3.1 s here and held
-- 250-400 MiB more memory (BENCHMARKS.md, "Ingest").
SELECT
    count(*) FILTER (WHERE region_code NOT IN (SELECT region_code FROM ingest_region)),
    count(*) - count(DISTINCT hash(region_code, year, person_id))
FROM clean_rows;
