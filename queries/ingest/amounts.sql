-- The rules of amounts, numbers and counts that programs and gbs files share. They use
-- ingest_num, so they are made after the file's number rules (number_*.sql).

-- An amount in rupiah: with the Rp prefix as people write it (ingest_rupiah_slow), else a
-- number like any other, tested first.
CREATE OR REPLACE TEMP MACRO program_amount(x) AS CASE
    WHEN regexp_matches(x, '^[\s\p{Z}]*[Rr][Pp]') THEN ingest_rupiah_slow(x)
    ELSE ingest_num(x)
END;

-- The rules program and gbs fields follow: an amount in rupiah, an optional number, an optional count.
CREATE OR REPLACE TEMP MACRO program_amount_ok(x) AS coalesce(ingest_finite(x) AND x >= 0, false);
CREATE OR REPLACE TEMP MACRO program_amount_problem(col, raw) AS ingest_problem(col, raw, CASE
    WHEN ingest_rupiah_ambiguous(raw) THEN 'ambiguous amount: ' || ingest_rupiah_digits(raw) || ' reads as thousands or as sen'
        || ' (expected rupiah such as Rp 1.500 or Rp 1,50: a point between thousands, a comma before the sen)'
    ELSE 'not a valid amount (expected rupiah >= 0, such as 450000000, Rp 450.000.000 or Rp 431.500.000,00)' END);
CREATE OR REPLACE TEMP MACRO program_number_ok(raw, x) AS
    ingest_txt(raw) IS NULL OR coalesce(ingest_finite(x) AND x >= 0, false);
CREATE OR REPLACE TEMP MACRO program_number_problem(col, raw) AS
    ingest_problem(col, raw, 'not a valid number (expected a number >= 0, or empty)');
CREATE OR REPLACE TEMP MACRO program_count_ok(raw, x) AS
    ingest_txt(raw) IS NULL OR coalesce(x >= 0 AND x = floor(x) AND x < 1e15, false);
CREATE OR REPLACE TEMP MACRO program_count_problem(col, raw) AS
    ingest_problem(col, raw, 'not a count (expected a whole number >= 0, or empty)');
