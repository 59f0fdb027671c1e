-- Microdata estimates from fewer unweighted records than the reliability threshold; they are
-- published with reliable = false and must be shown with that flag.
-- severity: warning
-- depends: indicator_value
SELECT region_code, year, indicator, sex, value, n_unweighted
FROM published.indicator_value
WHERE NOT reliable
ORDER BY region_code, year, indicator, sex
