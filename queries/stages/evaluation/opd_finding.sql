-- The findings of each OPD and year counted by code: how many of its activities have each
-- finding (program_evaluation), with the finding's severity, in the catalog's order.
-- depends: program_evaluation, finding_catalog
-- creates: published.opd_finding
CREATE OR REPLACE TABLE published.opd_finding AS
SELECT e.year, e.opd_code, f.code AS finding, f.severity, f.ordinal, count(*) AS activities
FROM published.program_evaluation e, unnest(e.findings) AS u(code)
JOIN published.finding_catalog f ON f.code = u.code
GROUP BY ALL
ORDER BY e.year, e.opd_code, f.ordinal;
