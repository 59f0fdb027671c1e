-- Checks of a readiness file: the seven prerequisites of PUG per year and OPD (opd_code KOTA:
-- the city as a whole). Duplicate keys are found afterwards (dup.sql).

-- A prerequisite as the Indonesian guidance names it, with spaces or hyphens for underscores
-- and English names too; NULL when it is not one of the seven.
CREATE OR REPLACE TEMP MACRO readiness_prerequisite(x) AS CASE
        regexp_replace(lower(ingest_trim(x)), '[\s\p{Z}-]+', '_', 'g')
    WHEN 'komitmen' THEN 'komitmen' WHEN 'commitment' THEN 'komitmen'
    WHEN 'kebijakan' THEN 'kebijakan' WHEN 'policy' THEN 'kebijakan'
    WHEN 'kelembagaan' THEN 'kelembagaan' WHEN 'institution' THEN 'kelembagaan' WHEN 'institutions' THEN 'kelembagaan'
    WHEN 'sumber_daya' THEN 'sumber_daya' WHEN 'sumberdaya' THEN 'sumber_daya' WHEN 'resources' THEN 'sumber_daya'
    WHEN 'data_terpilah' THEN 'data_terpilah' WHEN 'sex_disaggregated_data' THEN 'data_terpilah'
    WHEN 'alat_analisis' THEN 'alat_analisis' WHEN 'analysis_tools' THEN 'alat_analisis'
    WHEN 'partisipasi_masyarakat' THEN 'partisipasi_masyarakat' WHEN 'community_participation' THEN 'partisipasi_masyarakat'
END;
-- ada (in place), sebagian (partly), belum (not yet); English yes/partly/no and ya/tidak too.
CREATE OR REPLACE TEMP MACRO readiness_status(x) AS CASE lower(ingest_trim(x))
    WHEN 'ada' THEN 'ada' WHEN 'yes' THEN 'ada' WHEN 'ya' THEN 'ada' WHEN 'sudah' THEN 'ada'
    WHEN 'sebagian' THEN 'sebagian' WHEN 'partly' THEN 'sebagian' WHEN 'partial' THEN 'sebagian'
    WHEN 'belum' THEN 'belum' WHEN 'no' THEN 'belum' WHEN 'tidak' THEN 'belum' WHEN 'belum ada' THEN 'belum'
END;

CREATE OR REPLACE TEMP VIEW check_rows AS
WITH t AS (
    SELECT s.line, s.year AS year_raw, s.opd_code AS opd_code_raw, s.prerequisite AS prerequisite_raw,
        s.status AS status_raw,
        ingest_year(s.year) AS year,
        CASE WHEN upper(ingest_trim(s.opd_code)) = 'KOTA' THEN 'KOTA' ELSE ingest_txt(s.opd_code) END AS opd_code,
        readiness_prerequisite(s.prerequisite) AS prerequisite, readiness_status(s.status) AS status,
        CASE WHEN ingest_txt(s.evidence) IS NULL THEN NULL ELSE s.evidence END AS evidence,
        CASE WHEN ingest_txt(s.note) IS NULL THEN NULL ELSE s.note END AS note
    FROM src s
), p AS (
    SELECT t.*,
        ingest_year_ok(year) AND opd_code IS NOT NULL AND ingest_opd_allowed(opd_code) AND prerequisite IS NOT NULL
            AND status IS NOT NULL AS ok,
        CASE
            WHEN NOT ingest_year_ok(year) THEN ingest_year_problem(year_raw)
            WHEN opd_code IS NULL THEN ingest_missing('opd_code', opd_code_raw, 'the OPD code, or KOTA for the city')
            WHEN NOT ingest_opd_allowed(opd_code) THEN ingest_opd_problem(opd_code_raw)
            WHEN prerequisite IS NULL THEN ingest_problem('prerequisite', prerequisite_raw,
                'unknown prerequisite (expected one of komitmen, kebijakan, kelembagaan, sumber_daya, data_terpilah, alat_analisis, partisipasi_masyarakat)')
            WHEN status IS NULL THEN ingest_problem('status', status_raw,
                'unknown status (expected ada, sebagian or belum; or yes, partly, no)')
        END AS problem
    FROM t
)
SELECT line, year, opd_code, prerequisite, status, evidence, note, ok, problem,
    nullif(prerequisite_raw, prerequisite) AS dup_raw
FROM p;
