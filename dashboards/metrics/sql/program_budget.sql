-- setara_program_budget_rupiah{opd, opd_name, year, responsive}: the gender-responsive part of
-- each OPD's budget (responsive="true") and the rest (responsive="false"); they sum to the budget.
SELECT opd_code, opd_name, CAST(year AS VARCHAR), responsive, CAST(amount AS DOUBLE)
FROM (
    SELECT opd_code, opd_name, year, 'true' AS responsive, responsive_budget AS amount
    FROM program_summary
    UNION ALL
    SELECT opd_code, opd_name, year, 'false', budget - coalesce(responsive_budget, 0)
    FROM program_summary
)
WHERE amount IS NOT NULL
ORDER BY opd_code, year, responsive;
