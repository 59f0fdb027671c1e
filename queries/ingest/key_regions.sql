CREATE OR REPLACE TEMP VIEW keyed AS
SELECT line, {'region_code': trim(region_code)} AS k
FROM src WHERE ingest_txt(region_code) IS NOT NULL;
