-- The regions a BPS-style table may name: the region view (built-in regions overlaid by the
-- loaded regions files), overlaid by the regions of files validated earlier in this session.
CREATE TEMP TABLE IF NOT EXISTS ingest_session_region_name (region_code VARCHAR, name VARCHAR, level VARCHAR, parent_code VARCHAR);
SELECT region_code, name, level, parent_code
FROM (
    SELECT region_code, name, level, coalesce(parent_code, '') AS parent_code, 1 AS o FROM region
    UNION ALL
    SELECT region_code, name, level, parent_code, 2 FROM ingest_session_region_name
)
QUALIFY row_number() OVER (PARTITION BY region_code ORDER BY o DESC) = 1
ORDER BY region_code;
