-- setara_ingest_rows_total{kind, outcome}: rows of every loaded file, accepted or rejected.
SELECT kind, outcome, CAST(n AS DOUBLE)
FROM (
    SELECT kind, 'accepted' AS outcome, sum(rows_accepted) AS n FROM batch GROUP BY kind
    UNION ALL
    SELECT kind, 'rejected', sum(rows_rejected) FROM batch GROUP BY kind
)
WHERE n IS NOT NULL
ORDER BY kind, outcome;
