INSERT INTO raw_region (batch_id, line, region_code, name, level, parent_code)
SELECT ?, line, region_code, name, level, parent_code FROM checked WHERE ok;
