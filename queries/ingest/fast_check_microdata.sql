-- What the one-pass insert could not check row by row, over the batch's rows: how many have
-- a region that is not declared (check_microdata.sql leaves that join out), and how many keys
-- occur more than once. Either above zero sends the file to the full path, which names them.
-- Duplicates: a 64-bit hash finds the candidates in one cheap aggregate; only those are
-- compared exactly. (No shared CTE: DuckDB would materialise the batch's rows for it.)
SELECT
    (SELECT count(*) FROM raw_microdata
     WHERE batch_id = getvariable('ingest_batch')
       AND region_code NOT IN (SELECT region_code FROM ingest_region)),
    (SELECT count(*) FROM (
        SELECT region_code, year, person_id FROM raw_microdata
        WHERE batch_id = getvariable('ingest_batch')
          AND hash(region_code, year, person_id) IN (
            SELECT hash(region_code, year, person_id) AS h FROM raw_microdata
            WHERE batch_id = getvariable('ingest_batch')
            GROUP BY h HAVING count(*) > 1)
        GROUP BY ALL HAVING count(*) > 1));
