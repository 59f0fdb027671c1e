-- Indicator cells have complete keys.
-- severity: blocking
-- depends: indicator_value
SELECT region_code, year, indicator, sex, value
FROM published.indicator_value
WHERE region_code IS NULL OR year IS NULL OR indicator IS NULL OR sex IS NULL
