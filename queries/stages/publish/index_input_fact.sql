-- The inputs of every computed index value with their provenance, in the order of the index's
-- inputs (index_definition): the value and unit, its source and origin, and for a published
-- fact the batch, file and line it was loaded from (for a microdata estimate the batch and the
-- unweighted count; a derived input has neither).
-- index_input_row holds what is particular to each input; index_input_fact is a view adding
-- the indicator's unit and names (indicator_catalog) and the batch's file name (batch), so
-- publish copies 136 K rows of six label columns fewer at 1 M persons (a view binds its
-- names in its own schema: here the published tables, in the snapshot its own).
-- depends: gender_index, index_input, staging_indicator, reference_copies
-- creates: published.index_input_fact
CREATE OR REPLACE TABLE published.index_input_row AS
WITH needed AS (
    SELECT g.region_code, g.year, g.index_code, unnest(d.inputs) AS input,
           generate_subscripts(d.inputs, 1) AS ordinal
    FROM published.gender_index g
    JOIN temp.index_definition d USING (index_code)
)
SELECT n.region_code, n.year, n.index_code, n.ordinal, n.input, i.indicator, i.sex, i.value,
       coalesce(v.source, CASE i.origin WHEN 'derived' THEN 'setara: P and L weighted by population' END) AS source,
       i.origin, i.reliable, v.n_unweighted, i.batch_id, p.line
FROM needed n
JOIN temp.index_input i ON i.region_code = n.region_code AND i.year = n.year AND i.input = n.input
LEFT JOIN published.indicator_value v
  ON v.region_code = n.region_code AND v.year = n.year AND v.indicator = i.indicator AND v.sex = i.sex
-- a published input's line; the batch is matched only for a published input, written as an
-- equality (a constant test in the ON of a LEFT JOIN makes DuckDB join by nested loops: 336 s
-- at 10 M persons, against under a second)
LEFT JOIN temp.indicator_published p
  ON p.region_code = n.region_code AND p.year = n.year AND p.indicator = i.indicator AND p.sex = i.sex
 AND p.batch_id = CASE WHEN i.origin = 'published' THEN i.batch_id END
ORDER BY n.region_code, n.year, n.index_code, n.ordinal;

CREATE OR REPLACE VIEW published.index_input_fact AS
SELECT r.region_code, r.year, r.index_code, r.ordinal, r.input, r.indicator, r.sex, r.value,
       c.unit, c.unit_id, c.unit_en, c.name_id, c.name_en, r.source, r.origin, r.reliable,
       r.n_unweighted, r.batch_id, b.file_name AS file, r.line
FROM index_input_row r
LEFT JOIN indicator_catalog c ON c.code = r.indicator
LEFT JOIN batch b ON b.batch_id = r.batch_id
ORDER BY r.region_code, r.year, r.index_code, r.ordinal;
