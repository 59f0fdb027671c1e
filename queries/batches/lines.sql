-- The input facts behind a key: the lines of one batch (batch_id; NULL: of every counted
-- batch, newest first) whose facts match region_code, year, indicator, sex, opd_code, person_id (a NULL
-- part matches anything; a fact without that part matches only NULL). Of every counted batch,
-- an indicator fact counts only where it is the latest of its key (the one the stages use). At
-- most 50.
WITH f AS (
    SELECT batch_id, line, region_code, year, indicator, sex, NULL::VARCHAR AS opd_code, NULL::VARCHAR AS person_id,
           indicator || ' ' || sex AS what, value,
           row_number() OVER (PARTITION BY region_code, year, indicator, sex ORDER BY batch_id DESC, line DESC) AS rank
    FROM raw_indicator
    WHERE batch_id IN (SELECT batch_id FROM counted_batch)
    UNION ALL
    SELECT batch_id, line, NULL, year, NULL, NULL, opd_code, NULL, program || ' / ' || activity, budget, 1
    FROM raw_program
    UNION ALL
    SELECT batch_id, line, region_code, year, NULL, sex, NULL, person_id, 'person ' || person_id || ' weight', weight, 1
    FROM raw_microdata
    UNION ALL
    SELECT batch_id, line, region_code, NULL, NULL, NULL, NULL, NULL, 'region ' || name, NULL, 1
    FROM raw_region
)
SELECT b.file_name, f.batch_id, f.line, f.what, f.value
FROM f
JOIN batch b ON b.batch_id = f.batch_id
WHERE (?1::BIGINT IS NULL AND f.rank = 1 AND f.batch_id IN (SELECT batch_id FROM counted_batch) OR f.batch_id = ?1)
  AND (?2::VARCHAR IS NULL OR f.region_code = ?2)
  AND (?3::INTEGER IS NULL OR f.year = ?3)
  AND (?4::VARCHAR IS NULL OR f.indicator = ?4)
  AND (?5::VARCHAR IS NULL OR f.sex = ?5)
  AND (?6::VARCHAR IS NULL OR f.opd_code = ?6)
  AND (?7::VARCHAR IS NULL OR f.person_id = ?7)
ORDER BY f.batch_id DESC, f.line
LIMIT 50;
