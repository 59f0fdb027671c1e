SELECT target_group, CAST(activities AS BIGINT), CAST(budget AS DOUBLE), CAST(realization AS DOUBLE),
       CAST(beneficiaries_female AS DOUBLE), CAST(beneficiaries_male AS DOUBLE)
FROM target_group_summary
WHERE year = ?;
