-- $1 region, $2 year: missing index inputs of the region itself and of its kecamatan, grouped by
-- what is missing.
SELECT d.region_code = $1 AS own, d.index_code, coalesce(d.complete, false) AS complete,
    array_to_string(list_sort(coalesce(d.missing, [])), ',') AS missing,
    CAST(count(*) AS BIGINT) AS regions,
    string_agg(r.name, ', ' ORDER BY r.region_code) AS names
FROM data_completeness d
JOIN region r ON r.region_code = d.region_code
WHERE d.year = $2 AND (d.region_code = $1 OR r.parent_code = $1)
    AND d.index_code IN ('ipg', 'idg', 'ikg')
GROUP BY d.region_code = $1, d.index_code, coalesce(d.complete, false),
    array_to_string(list_sort(coalesce(d.missing, [])), ',')
ORDER BY own DESC, CASE d.index_code WHEN 'ipg' THEN 1 WHEN 'idg' THEN 2 ELSE 3 END, complete DESC, missing
