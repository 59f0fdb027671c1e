-- Published aggregates: the latest batch wins for each (region_code, year, indicator, sex). Each
-- fact keeps its batch, file and line, the provenance the derivation of an index shows.
-- creates: temp.indicator_published
CREATE OR REPLACE TEMP TABLE temp.indicator_published AS
SELECT i.region_code, i.year, i.indicator, i.sex, i.value,
       coalesce(nullif(i.source, ''), b.file_name) AS source, i.note, i.batch_id,
       b.file_name, i.line
FROM raw_indicator i
LEFT JOIN batch b ON b.batch_id = i.batch_id
WHERE i.batch_id IN (SELECT batch_id FROM counted_batch) -- not retracted or quarantined
QUALIFY row_number() OVER (
    PARTITION BY i.region_code, i.year, i.indicator, i.sex
    ORDER BY i.batch_id DESC, i.line DESC) = 1;
