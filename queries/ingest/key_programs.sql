CREATE OR REPLACE TEMP VIEW keyed AS
SELECT line, {'year': ingest_int(year), 'opd_code': trim(opd_code), 'program': trim(program), 'activity': trim(activity)} AS k
FROM src
WHERE ingest_int(year) IS NOT NULL AND ingest_txt(opd_code) IS NOT NULL AND ingest_txt(program) IS NOT NULL
    AND ingest_txt(activity) IS NOT NULL;
