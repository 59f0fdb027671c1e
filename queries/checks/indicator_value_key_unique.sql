-- Each indicator cell has one value.
-- severity: blocking
-- depends: indicator_value
SELECT region_code, year, indicator, sex, count(*) AS n
FROM published.indicator_value
GROUP BY region_code, year, indicator, sex
HAVING count(*) > 1
ORDER BY region_code, year, indicator, sex
