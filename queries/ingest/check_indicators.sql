-- Checks of an indicators file (published aggregates, long format).
-- Duplicate keys are found afterwards (dup.sql); dup_raw is the key column as written, when
-- it is not the typed value.
CREATE OR REPLACE TEMP VIEW check_rows AS
WITH t AS (
    SELECT s.line, s.region_code AS region_code_raw, s.year AS year_raw, s.indicator AS indicator_raw,
        s.sex AS sex_raw, s.value AS value_raw,
        ingest_txt(s.region_code) AS region_code, ingest_year(s.year) AS year,
        a.code AS indicator, a.min, a.max, a.sexes,
        ingest_sex(s.sex) AS sex, ingest_num(s.value) AS value,
        ingest_txt(s.source) AS source, ingest_txt(s.note) AS note,
        r.region_code IS NOT NULL AS region_known
    FROM src s
    LEFT JOIN ingest_alias a ON a.alias = lower(trim(s.indicator))
    LEFT JOIN ingest_region r ON r.region_code = trim(s.region_code)
   
), c AS (
    SELECT t.*,
        region_known AS ok_region,
        ingest_year_ok(year) AS ok_year,
        indicator IS NOT NULL AS ok_indicator,
        sex IS NOT NULL AS ok_sex,
        indicator IS NULL OR sex IS NULL OR list_contains(string_split(sexes, ';'), sex) AS ok_sex_allowed,
        ingest_finite(value) AS ok_value,
        indicator IS NULL OR NOT ingest_finite(value) OR value BETWEEN min AND max AS ok_range
    FROM t
), suggestion AS (
    SELECT u.raw, arg_max(a.code, jaro_winkler_similarity(lower(trim(u.raw)), a.alias)) AS code
    FROM (SELECT DISTINCT indicator_raw AS raw FROM c WHERE NOT ok_indicator) u CROSS JOIN ingest_alias a
    GROUP BY u.raw
)
, p AS (
SELECT c.*, ok_region AND ok_year AND ok_indicator AND ok_sex AND ok_sex_allowed AND ok_value
        AND ok_range AS ok,
    CASE
        WHEN NOT ok_region THEN ingest_problem('region_code', region_code_raw,
            CASE WHEN region_code IS NULL THEN 'missing value (expected a region code)'
                ELSE 'region is not declared (expected a code of the region table or of a loaded regions file)' END)
        WHEN NOT ok_year THEN ingest_year_problem(year_raw)
        WHEN NOT ok_indicator THEN ingest_problem('indicator', indicator_raw,
            CASE WHEN ingest_txt(indicator_raw) IS NULL THEN 'missing value (expected an indicator code)'
                ELSE 'unknown indicator (expected a catalog code or alias; closest: ' || g.code || ')' END)
        WHEN NOT ok_sex THEN ingest_problem('sex', sex_raw,
            'unknown sex (expected P, L or T, or a synonym such as F/M, perempuan/laki-laki)')
        WHEN NOT ok_sex_allowed THEN ingest_problem('sex', sex_raw,
            'sex ' || sex || ' not used for ' || indicator || ' (expected ' || replace(sexes, ';', ', ') || ')')
        WHEN NOT ok_value THEN ingest_problem('value', value_raw,
            'not a number (expected a number such as ' || CASE getvariable('ingest_decimal') WHEN 'comma' THEN '1.234,5' WHEN 'cell' THEN '1234.5 or 1.234,5' ELSE '1234.5' END || ')')
        WHEN NOT ok_range THEN ingest_problem('value', value_raw,
            'out of range for ' || indicator || ' (expected ' || min || ' to ' || max || ')')
    END AS problem
FROM c LEFT JOIN suggestion g ON g.raw = c.indicator_raw
)
SELECT line, region_code, year, indicator, sex, value, source, note, ok, problem,
    nullif(indicator_raw, indicator) AS dup_raw
FROM p;
