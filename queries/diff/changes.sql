-- Values that differ between temp.diff_old and temp.diff_new (a value only on one side
-- counts as a change), largest absolute difference first; appeared and vanished values,
-- whose difference is unknown, come first.
SELECT coalesce(n.view, o.view) AS view, coalesce(n.key, o.key) AS key, coalesce(n.measure, o.measure) AS measure,
       o.value AS old, n.value AS new, n.value - o.value AS difference
FROM temp.diff_old o
FULL JOIN temp.diff_new n ON n.view = o.view AND n.key = o.key AND n.measure = o.measure
WHERE o.value IS DISTINCT FROM n.value
  AND NOT (o.value IS NOT NULL AND n.value IS NOT NULL AND abs(n.value - o.value) <= 1e-9 * greatest(abs(o.value), 1))
ORDER BY abs(n.value - o.value) DESC NULLS FIRST, view, key, measure
