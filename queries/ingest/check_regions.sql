-- Checks of a regions file. A parent may be declared earlier or anywhere in the same file.
-- Duplicate keys are found afterwards (dup.sql); dup_raw is the key column as written, when
-- it is not the typed value.
CREATE OR REPLACE TEMP VIEW check_rows AS
WITH t AS (
    SELECT s.line, s.region_code AS region_code_raw, s.name AS name_raw, s.level AS level_raw,
        s.parent_code AS parent_code_raw,
        ingest_txt(s.region_code) AS region_code, ingest_txt(s.name) AS name,
        ingest_level(s.level) AS level, ingest_txt(s.parent_code) AS parent_code
    FROM src s
), c AS (
    SELECT t.*,
        t.region_code IS NOT NULL AS ok_code,
        t.name IS NOT NULL AS ok_name,
        t.level IS NOT NULL AS ok_level,
        t.parent_code IS NULL OR (t.parent_code <> coalesce(t.region_code, '')
            AND (t.parent_code IN (SELECT region_code FROM ingest_region)
                 OR t.parent_code IN (SELECT ingest_txt(region_code) FROM src))) AS ok_parent
    FROM t
)
, p AS (
SELECT c.*, ok_code AND ok_name AND ok_level AND ok_parent AS ok,
    CASE
        WHEN NOT ok_code THEN ingest_missing('region_code', region_code_raw, 'a region code')
        WHEN NOT ok_name THEN ingest_missing('name', name_raw, 'the region name')
        WHEN NOT ok_level THEN ingest_problem('level', level_raw,
            'unknown level (expected country, province, regency, district or village)')
        WHEN NOT ok_parent THEN ingest_problem('parent_code', parent_code_raw,
            CASE WHEN parent_code = region_code THEN 'a region cannot be its own parent (expected the code of the enclosing region)'
                ELSE 'parent region is not declared (expected a declared region code or one in this file)' END)
    END AS problem
FROM c
)
SELECT line, region_code, name, level, parent_code, ok, problem,
    nullif(region_code_raw, region_code) AS dup_raw
FROM p;
