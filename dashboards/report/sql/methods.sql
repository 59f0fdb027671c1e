SELECT index_code, name_id, name_en, coalesce(scale, ''), coalesce(formula, ''), coalesce(source, ''),
    array_to_string(coalesce(inputs, []), ',')
FROM index_catalog
ORDER BY CASE index_code WHEN 'ipg' THEN 1 WHEN 'idg' THEN 2 WHEN 'ikg' THEN 3 WHEN 'gdi' THEN 4
    WHEN 'gii' THEN 5 WHEN 'hdi_f' THEN 6 WHEN 'hdi_m' THEN 7 ELSE 8 END, index_code
