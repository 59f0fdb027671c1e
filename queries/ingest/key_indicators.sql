CREATE OR REPLACE TEMP VIEW keyed AS
SELECT s.line, {'region_code': trim(s.region_code), 'year': ingest_int(s.year), 'indicator': a.code, 'sex': ingest_sex(s.sex)} AS k
FROM src s JOIN ingest_alias a ON a.alias = lower(trim(s.indicator))
WHERE ingest_txt(s.region_code) IS NOT NULL AND ingest_int(s.year) IS NOT NULL AND ingest_sex(s.sex) IS NOT NULL;
