-- setara_target_group_budget_rupiah{group, year}
SELECT target_group, CAST(year AS VARCHAR), CAST(budget AS DOUBLE)
FROM target_group_summary
WHERE budget IS NOT NULL
ORDER BY target_group, year;
