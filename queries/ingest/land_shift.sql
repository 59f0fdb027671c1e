-- Accepted record k (0-based, file order) sits on line k + header_line + 1 + m, where m is the
-- number of rejected lines before it. For the j-th rejected line r_j (1-based j), every record
-- with k >= r_j - header_line - j comes after it, so an ASOF join on k finds m = j.
CREATE OR REPLACE TEMP TABLE land_shift AS
SELECT line - getvariable('ingest_header_line') - j AS k, max(j) AS shift
FROM (SELECT line, row_number() OVER (ORDER BY line) AS j FROM land_reject)
GROUP BY ALL;
