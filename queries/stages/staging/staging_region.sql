-- Declared regions: the built-in BPS codes overlaid by the latest loaded declaration of each
-- code (the warehouse view `region`).
-- creates: stage.region
CREATE OR REPLACE TABLE stage.region AS
SELECT region_code, name, level, parent_code
FROM region;
