-- The catalog of gender indices, for readers of the snapshot.
-- depends: index_definition
-- creates: published.index_catalog
CREATE OR REPLACE TABLE published.index_catalog AS
SELECT index_code, name_id, name_en, scale, formula, source, inputs
FROM temp.index_definition
ORDER BY ordinal;
