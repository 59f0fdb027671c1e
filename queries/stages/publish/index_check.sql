-- Published index values beside the computed ones. A published value is an indicators fact
-- whose indicator is an index code (ipg, idg, ikg, gdi, gii, hdi_f, hdi_m) with sex T. It is
-- compared at its own precision: the decimals it is written with, at least the decimals its
-- index is published with (index_definition.published_decimals), since a trailing zero
-- (0.140) does not survive a number column. agrees is NULL where setara computes no value
-- (inputs missing): the published value is then shown on its own, labelled as published.
-- depends: gender_index, staging_indicator, index_definition
-- creates: published.index_check
CREATE OR REPLACE TABLE published.index_check AS
WITH published_value AS (
    SELECT p.region_code, p.year, p.indicator AS index_code, p.value AS published, p.source,
           p.batch_id, p.file_name AS file, p.line,
           CAST(greatest(d.published_decimals,
                    length(split_part(rtrim(printf('%.9f', abs(p.value)), '0'), '.', 2))) AS INTEGER) AS precision
    FROM temp.indicator_published p
    JOIN temp.index_definition d ON d.index_code = p.indicator
    WHERE p.sex = 'T'
)
SELECT p.region_code, p.year, p.index_code, g.value AS computed, p.published,
       g.value - p.published AS difference, p.precision,
       round(g.value, p.precision) = round(p.published, p.precision) AS agrees,
       p.source, p.batch_id, p.file, p.line
FROM published_value p
LEFT JOIN published.gender_index g
  ON g.region_code = p.region_code AND g.year = p.year AND g.index_code = p.index_code
ORDER BY p.region_code, p.year, p.index_code;
