-- Declared regions: the built-in BPS codes overlaid by the latest loaded declaration of each
-- code (the warehouse view `region`).
-- creates: temp.region
CREATE OR REPLACE TEMP TABLE temp.region AS
SELECT region_code, name, level, parent_code
FROM region;
