-- $1 year: every catalogued finding with how many activities and OPDs have it and its texts.
SELECT c.code, c.severity, c.text_id, c.text_en, c.recommendation_id, c.recommendation_en,
    CAST(coalesce(sum(f.activities), 0) AS BIGINT), CAST(count(f.opd_code) AS BIGINT)
FROM finding_catalog c LEFT JOIN opd_finding f ON f.finding = c.code AND f.year = $1
GROUP BY c.ordinal, c.code, c.severity, c.text_id, c.text_en, c.recommendation_id, c.recommendation_en
ORDER BY c.ordinal
