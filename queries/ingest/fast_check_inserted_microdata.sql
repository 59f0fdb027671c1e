-- The one pass of a microdata Parquet file, step 2: fast_check_microdata.sql's checks (rows of
-- undeclared regions, repeated keys) over the rows fast_insert_microdata.sql put in
-- raw_microdata for this batch, still inside the batch's transaction.
SELECT
    count(*) FILTER (WHERE region_code NOT IN (SELECT region_code FROM ingest_region)),
    count(*) - count(DISTINCT hash(region_code, year, person_id))
FROM raw_microdata
WHERE batch_id = getvariable('ingest_batch');
