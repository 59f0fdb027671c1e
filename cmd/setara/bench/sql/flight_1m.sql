-- The 1 M-row result streamed by the Flight SQL figure and by its yardstick, DuckDB's own Arrow
-- export: an integer, a double and a short text per row, as an analyst's extract has.
SELECT range AS id, range * 0.25 AS value, 'kecamatan ' || (range % 21) AS region
FROM range(1000000)
