-- The prerequisite matrix of PUG per year and OPD (and KOTA, the city as a whole): every
-- OPD or KOTA that reported any prerequisite that year gets all seven rows, with status NULL
-- for a prerequisite it did not report. ordinal is the guidance's order of the seven.
-- depends: staging_readiness, staging_program
-- creates: published.pug_readiness
CREATE OR REPLACE TABLE published.pug_readiness AS
WITH p(ordinal, prerequisite) AS (
    VALUES (1, 'komitmen'), (2, 'kebijakan'), (3, 'kelembagaan'), (4, 'sumber_daya'),
           (5, 'data_terpilah'), (6, 'alat_analisis'), (7, 'partisipasi_masyarakat')
), who AS (
    SELECT DISTINCT year, opd_code FROM temp.readiness
), names AS (
    SELECT opd_code, arg_max(opd_name, year) AS opd_name FROM temp.program GROUP BY opd_code
)
SELECT w.year, w.opd_code, CASE WHEN w.opd_code = 'KOTA' THEN NULL ELSE n.opd_name END AS opd_name,
    p.ordinal, p.prerequisite, r.status, r.evidence, r.note
FROM who w
CROSS JOIN p
LEFT JOIN temp.readiness r ON r.year = w.year AND r.opd_code = w.opd_code AND r.prerequisite = p.prerequisite
LEFT JOIN names n ON n.opd_code = w.opd_code
ORDER BY w.year, w.opd_code = 'KOTA' DESC, w.opd_code, p.ordinal;
