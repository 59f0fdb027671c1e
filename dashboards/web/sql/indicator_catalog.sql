SELECT code, name_id, name_en, unit, unit_id, unit_en, higher_is_better, topic
FROM indicator_catalog
ORDER BY topic, code;
