SELECT index_code, name_id, name_en, coalesce(scale, ''), coalesce(formula, ''),
       coalesce(source, ''), coalesce(CAST(inputs AS VARCHAR), '')
FROM index_catalog
ORDER BY index_code;
