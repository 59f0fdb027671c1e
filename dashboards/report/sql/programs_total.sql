-- $1 year: the city total of program_summary (sums of the published OPD rows).
SELECT CAST(count(*) AS BIGINT), CAST(coalesce(sum(activities), 0) AS BIGINT),
    CAST(coalesce(sum(responsive_activities), 0) AS BIGINT),
    sum(budget), sum(realization), sum(realization) / nullif(sum(budget), 0),
    sum(responsive_budget), sum(responsive_budget) / nullif(sum(budget), 0),
    CAST(coalesce(sum(beneficiaries_female), 0) AS BIGINT), CAST(coalesce(sum(beneficiaries_male), 0) AS BIGINT)
FROM program_summary WHERE year = $1
