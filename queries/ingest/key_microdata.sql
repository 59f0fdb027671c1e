CREATE OR REPLACE TEMP VIEW keyed AS
SELECT line, {'region_code': trim(region_code), 'year': ingest_int(year), 'person_id': trim(person_id)} AS k
FROM src
WHERE ingest_txt(region_code) IS NOT NULL AND ingest_int(year) IS NOT NULL AND ingest_txt(person_id) IS NOT NULL;
