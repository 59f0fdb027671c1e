-- Connection-local helpers of one ingestion session. Every check file uses them, whatever
-- the source format: the landing view `src` holds VARCHAR columns plus `line` (and a Parquet
-- file's columns of any type where their checks take one: ingest_native_int below).

CREATE TEMP TABLE IF NOT EXISTS ingest_session_region (region_code VARCHAR);
CREATE TEMP TABLE IF NOT EXISTS ingest_session_activity (year INTEGER, opd_code VARCHAR, program VARCHAR, activity VARCHAR);

-- Declared regions: the warehouse view plus regions declared by files validated earlier in
-- this session (setara validate loads nothing, so its regions files only live here). A small
-- table made once per load, so the checks do not re-evaluate the window of the region view.
CREATE OR REPLACE TEMP TABLE ingest_region AS
SELECT region_code FROM region
UNION
SELECT region_code FROM ingest_session_region;

-- Every spelling of an indicator: its code and each alias, lower case.
CREATE OR REPLACE TEMP TABLE ingest_alias AS
SELECT DISTINCT lower(trim(a.alias)) AS alias, a.code, a.min, a.max, a.sexes
FROM (
    SELECT code AS alias, code, min, max, sexes FROM ref_indicator
    UNION ALL
    SELECT unnest(string_split(aliases, ';')), code, min, max, sexes FROM ref_indicator
    WHERE aliases IS NOT NULL AND aliases <> ''
) a
WHERE trim(a.alias) <> '';

CREATE OR REPLACE TEMP MACRO ingest_txt(x) AS nullif(trim(x::VARCHAR), '');

-- Some Parquet columns reach their checks with the file's type (checkViews, kindSpec.native).
-- The macros of those checks take the type they want as it is (an integer type for a whole
-- number, DOUBLE or an integer type for a number, BOOLEAN for yes/no) and any other as its
-- text: a FLOAT, a DECIMAL or a DOUBLE for a whole number is read as DuckDB writes it. DuckDB
-- keeps only one branch when it binds (typeof is a constant there).
CREATE OR REPLACE TEMP MACRO ingest_native_int(x) AS
    typeof(x) IN ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT');
CREATE OR REPLACE TEMP MACRO ingest_native_num(x) AS ingest_native_int(x) OR typeof(x) = 'DOUBLE';
CREATE OR REPLACE TEMP MACRO ingest_native_bool(x) AS typeof(x) = 'BOOLEAN';

-- An empty field as the one pass sees it (clean_rows in check_microdata.sql): NULL, or an empty
-- text. Cheaper than ingest_txt(x) IS NULL, which also takes a field of spaces for empty.
CREATE OR REPLACE TEMP MACRO ingest_empty(x) AS x IS NULL OR CASE WHEN typeof(x) = 'VARCHAR' THEN x::VARCHAR = '' ELSE false END;

-- Whole numbers only: digits with an optional sign (and a zero fraction, as 2023.0 from a
-- spreadsheet or a DOUBLE column). The cast alone would round 2020.5 to 2021 and read 0x7E4,
-- 2_020 or 1e3.
-- ingest_trim removes ASCII blanks (tab, CR, ...) and Unicode spaces; trim only the latter.
CREATE OR REPLACE TEMP MACRO ingest_trim(x) AS regexp_replace(x, '^[\s\p{Z}]+|[\s\p{Z}]+$', '', 'g');
CREATE OR REPLACE TEMP MACRO ingest_int_text(x) AS CASE
    WHEN regexp_full_match(x, '[0-9]+') THEN TRY_CAST(x AS BIGINT)
    WHEN regexp_full_match(ingest_trim(x), '[+-]?[0-9]+(\.0+)?') THEN TRY_CAST(ingest_trim(x) AS BIGINT)
END;
CREATE OR REPLACE TEMP MACRO ingest_int(x) AS CASE
    WHEN ingest_native_int(x) THEN TRY_CAST(x AS BIGINT)
    ELSE ingest_int_text(x::VARCHAR)
END;

CREATE OR REPLACE TEMP MACRO ingest_sex_slow(x) AS CASE lower(ingest_trim(x))
    WHEN 'p' THEN 'P' WHEN 'f' THEN 'P' WHEN 'female' THEN 'P' WHEN 'perempuan' THEN 'P' WHEN 'wanita' THEN 'P'
    WHEN 'l' THEN 'L' WHEN 'm' THEN 'L' WHEN 'male' THEN 'L' WHEN 'laki-laki' THEN 'L' WHEN 'laki_laki' THEN 'L'
    WHEN 'lakilaki' THEN 'L' WHEN 'pria' THEN 'L'
    WHEN 't' THEN 'T' WHEN 'total' THEN 'T' WHEN 'jumlah' THEN 'T'
END;

-- The canonical spellings are tested first, as they are: the rest is lowered and trimmed.
CREATE OR REPLACE TEMP MACRO ingest_sex(x) AS CASE x WHEN 'P' THEN 'P' WHEN 'L' THEN 'L' WHEN 'T' THEN 'T' ELSE ingest_sex_slow(x) END;

CREATE OR REPLACE TEMP MACRO ingest_bool_slow(x) AS CASE lower(ingest_trim(x))
    WHEN 'true' THEN true WHEN 'ya' THEN true WHEN '1' THEN true WHEN 'y' THEN true WHEN 'yes' THEN true
    WHEN 'false' THEN false WHEN 'tidak' THEN false WHEN '0' THEN false WHEN 'n' THEN false WHEN 'no' THEN false
END;

CREATE OR REPLACE TEMP MACRO ingest_bool_text(x) AS CASE x WHEN 'true' THEN true WHEN 'false' THEN false ELSE ingest_bool_slow(x) END;
CREATE OR REPLACE TEMP MACRO ingest_bool(x) AS CASE
    WHEN ingest_native_bool(x) THEN x::BOOLEAN
    ELSE ingest_bool_text(x::VARCHAR)
END;

CREATE OR REPLACE TEMP MACRO ingest_lfs_slow(x) AS CASE replace(replace(lower(ingest_trim(x)), ' ', '_'), '-', '_')
    WHEN 'employed' THEN 'employed' WHEN 'bekerja' THEN 'employed'
    WHEN 'unemployed' THEN 'unemployed' WHEN 'pengangguran' THEN 'unemployed' WHEN 'menganggur' THEN 'unemployed'
    WHEN 'not_in_labour_force' THEN 'not_in_labour_force' WHEN 'not_in_labor_force' THEN 'not_in_labour_force'
    WHEN 'bukan_angkatan_kerja' THEN 'not_in_labour_force'
END;

CREATE OR REPLACE TEMP MACRO ingest_lfs(x) AS CASE x WHEN 'employed' THEN 'employed' WHEN 'unemployed' THEN 'unemployed'
    WHEN 'not_in_labour_force' THEN 'not_in_labour_force' ELSE ingest_lfs_slow(x) END;

CREATE OR REPLACE TEMP MACRO ingest_level(x) AS CASE lower(trim(x))
    WHEN 'country' THEN 'country' WHEN 'negara' THEN 'country'
    WHEN 'province' THEN 'province' WHEN 'provinsi' THEN 'province'
    WHEN 'regency' THEN 'regency' WHEN 'kabupaten' THEN 'regency' WHEN 'kota' THEN 'regency'
    WHEN 'kabupaten/kota' THEN 'regency'
    WHEN 'district' THEN 'district' WHEN 'kecamatan' THEN 'district'
    WHEN 'village' THEN 'village' WHEN 'kelurahan' THEN 'village' WHEN 'desa' THEN 'village'
END;

-- Target groups: NULL when any element is not one of the five groups, else a sorted list.
-- The canonical form (perempuan;ibu_hamil) is tested first, as it is; any other is read as
-- people write it: any case, spaces or hyphens for the underscore, separated by ; , or /, and
-- in the words of Medan's PUG documents (kaum perempuan, penyandang disabilitas, lanjut usia,
-- ibu-ibu hamil, anak-anak).
CREATE OR REPLACE TEMP MACRO ingest_group(g) AS CASE
    replace(regexp_replace(lower(ingest_trim(g)), '[\s\p{Z}-]+', '_', 'g'), '__', '_')
    WHEN 'perempuan' THEN 'perempuan' WHEN 'kaum_perempuan' THEN 'perempuan'
    WHEN 'disabilitas' THEN 'disabilitas' WHEN 'penyandang_disabilitas' THEN 'disabilitas'
    WHEN 'lansia' THEN 'lansia' WHEN 'lanjut_usia' THEN 'lansia'
    WHEN 'ibu_hamil' THEN 'ibu_hamil' WHEN 'ibu_ibu_hamil' THEN 'ibu_hamil'
    WHEN 'anak' THEN 'anak' WHEN 'anak_anak' THEN 'anak'
END;
CREATE OR REPLACE TEMP MACRO ingest_groups_slow(x) AS CASE
    WHEN list_bool_and(list_transform(regexp_split_to_array(x, '[;,/]'), g -> ingest_group(g) IS NOT NULL))
        THEN list_sort(list_distinct(list_transform(regexp_split_to_array(x, '[;,/]'), g -> ingest_group(g))))
END;
CREATE OR REPLACE TEMP MACRO ingest_groups(x) AS CASE
    WHEN ingest_txt(x) IS NULL THEN []::VARCHAR[]
    WHEN regexp_full_match(x, '(perempuan|disabilitas|lansia|ibu_hamil|anak)(;(perempuan|disabilitas|lansia|ibu_hamil|anak))*')
        THEN list_sort(list_distinct(string_split(x, ';')))
    ELSE ingest_groups_slow(x)
END;

-- A year: a whole number (ingest_int); in an XLSX text cell also written with a thousands
-- point, as a spreadsheet shows a number (2.024). The canonical form is tested first.
CREATE OR REPLACE TEMP MACRO ingest_year_text(x) AS CASE
    WHEN regexp_full_match(x, '[0-9]+') THEN TRY_CAST(x AS BIGINT)
    WHEN getvariable('ingest_decimal') = 'cell' AND regexp_full_match(ingest_trim(x), '[12]\.[0-9]{3}')
        THEN TRY_CAST(replace(ingest_trim(x), '.', '') AS BIGINT)
    ELSE ingest_int_text(x)
END;
CREATE OR REPLACE TEMP MACRO ingest_year(x) AS CASE
    WHEN ingest_native_int(x) THEN TRY_CAST(x AS BIGINT)
    ELSE ingest_year_text(x::VARCHAR)
END;

-- Rupiah as people write them: Rp 450.000.000, Rp431.500.000,00, RP. 1.250.000, Rp 500.000,-
-- (a point between thousands, a comma before the sen), and Rp 450,000,000.00 in English. Without the
-- prefix an amount is a number like any other (ingest_num). NULL when the amount is not one
-- of those forms, or reads two ways (ingest_rupiah_ambiguous).
CREATE OR REPLACE TEMP MACRO ingest_rupiah_digits(x) AS
    regexp_replace(regexp_replace(ingest_trim(x), '^(?i:rp)\.?[\s\p{Z}]*', ''), ',-$', '');
CREATE OR REPLACE TEMP MACRO ingest_rupiah_ambiguous(x) AS
    regexp_full_match(ingest_rupiah_digits(x), '[0-9]{1,3},[0-9]{3}');
CREATE OR REPLACE TEMP MACRO ingest_rupiah_slow(x) AS CASE
    WHEN regexp_full_match(ingest_rupiah_digits(x), '([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)(,[0-9]{1,2})?')
        THEN TRY_CAST(replace(replace(ingest_rupiah_digits(x), '.', ''), ',', '.') AS DOUBLE)
    WHEN regexp_full_match(ingest_rupiah_digits(x), '[0-9]{1,3}(,[0-9]{3})+\.[0-9]{1,2}|[0-9]{1,3}(,[0-9]{3}){2,}')
        THEN TRY_CAST(replace(ingest_rupiah_digits(x), ',', '') AS DOUBLE)
END;

CREATE OR REPLACE TEMP MACRO ingest_finite(x) AS x IS NOT NULL AND isfinite(x);

-- Rules the kinds' checks share: a rejected field's problem (the column, its text as written,
-- the reason), and the fields whose check and reason are the same in every kind.
CREATE OR REPLACE TEMP MACRO ingest_problem(col, raw, reason) AS {'column': col, 'value': raw::VARCHAR, 'reason': reason};
CREATE OR REPLACE TEMP MACRO ingest_missing(col, raw, expected) AS
    ingest_problem(col, raw, 'missing value (expected ' || expected || ')');
CREATE OR REPLACE TEMP MACRO ingest_year_ok(year) AS coalesce(year BETWEEN 1900 AND 2100, false);
CREATE OR REPLACE TEMP MACRO ingest_year_problem(raw) AS
    ingest_problem('year', raw, 'not a valid year (expected a whole number 1900-2100)');
-- optional: the field may be left empty
CREATE OR REPLACE TEMP MACRO ingest_yes_no_problem(col, raw, optional) AS ingest_problem(col, raw,
    'not a yes/no value (expected true/false, ya/tidak, 1/0, y/n' || CASE WHEN optional THEN ', or empty' ELSE '' END || ')');

-- An OPD code a load may take: any, unless the load is restricted to some OPDs (an upload by an
-- OPD's contributor: variable ingest_opds, their codes separated by commas).
CREATE OR REPLACE TEMP MACRO ingest_opd_allowed(code) AS
    getvariable('ingest_opds') = '' OR list_contains(string_split(getvariable('ingest_opds'), ','), code);
CREATE OR REPLACE TEMP MACRO ingest_opd_problem(raw) AS ingest_problem('opd_code', raw,
    'OPD code ' || trim(raw) || ' is not this account''s (expected ' || replace(getvariable('ingest_opds'), ',', ', ') || ')');

-- A number in a cross-row message: as stored, without a trailing ".0" or binary noise
-- (93.36, 80, 173.36).
CREATE OR REPLACE TEMP MACRO cross_num(x) AS regexp_replace(CAST(round(x, 6) AS VARCHAR), '\.0$', '');
