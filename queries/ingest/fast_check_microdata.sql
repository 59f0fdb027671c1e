-- The one pass, step 2: what the checks could not see row by row, over the landed rows: how
-- many have a region that is not declared (check_microdata.sql leaves that join out), and
-- whether any key occurs more than once. Either above zero sends the file to the full path,
-- which names them. Keys are compared by a 64-bit hash: equal hashes of different keys
-- (about one chance in 10^11 at 10 M rows) only send a clean file the long way, and
-- count(DISTINCT) of a hash is cheaper than a GROUP BY ... HAVING of the keys.
SELECT
    count(*) FILTER (WHERE region_code NOT IN (SELECT region_code FROM ingest_region)),
    count(*) - count(DISTINCT hash(region_code, year, person_id))
FROM one_pass;
