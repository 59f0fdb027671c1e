-- The catalog of evaluation findings (data/findings.csv) with their order, texts and
-- recommendations in Indonesian and English, for the pages and the report.
-- creates: published.finding_catalog
CREATE OR REPLACE TABLE published.finding_catalog AS
SELECT row_number() OVER () AS ordinal, * FROM ref_finding;
