-- Where female, male and total are all given: a count's total is female + male, and a rate's
-- or mean's total lies between the female and male values (with slack for published rounding:
-- k.consistency_tolerance in the indicator's unit, or that fraction of a count).
-- severity: warning
-- depends: indicator_value, constants
WITH cell AS (
    SELECT region_code, year, indicator, any_value(unit) AS unit,
           max(value) FILTER (WHERE sex = 'P') AS female,
           max(value) FILTER (WHERE sex = 'L') AS male,
           max(value) FILTER (WHERE sex = 'T') AS total
    FROM published.indicator_value
    GROUP BY region_code, year, indicator
)
SELECT c.region_code, c.year, c.indicator, c.female, c.male, c.total
FROM cell c CROSS JOIN temp.k k
WHERE c.female IS NOT NULL AND c.male IS NOT NULL AND c.total IS NOT NULL
  AND CASE WHEN c.unit = 'persons'
           THEN abs(c.total - (c.female + c.male)) > k.consistency_tolerance / 100 * c.total
           ELSE c.total < least(c.female, c.male) - k.consistency_tolerance
             OR c.total > greatest(c.female, c.male) + k.consistency_tolerance
      END
ORDER BY c.region_code, c.year, c.indicator
