-- $1 year: programs by target group, in the order of Medan's PUG policy.
SELECT target_group, CAST(activities AS BIGINT), budget, realization,
    CAST(beneficiaries_female AS BIGINT), CAST(beneficiaries_male AS BIGINT)
FROM target_group_summary WHERE year = $1
ORDER BY CASE target_group WHEN 'perempuan' THEN 1 WHEN 'disabilitas' THEN 2 WHEN 'lansia' THEN 3
    WHEN 'ibu_hamil' THEN 4 WHEN 'anak' THEN 5 ELSE 6 END, target_group
