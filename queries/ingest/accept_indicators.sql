INSERT INTO raw_indicator (batch_id, line, region_code, year, indicator, sex, value, source, note)
SELECT ?, line, region_code, year, indicator, sex, value, source, note FROM checked WHERE ok;
