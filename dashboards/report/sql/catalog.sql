SELECT code, coalesce(name_id, code), coalesce(name_en, code), coalesce(unit_id, unit, ''), coalesce(unit_en, unit, '')
FROM indicator_catalog
