-- Activities whose budget (denominator of the realization rate) or output target (denominator
-- of output achievement) is not above zero; they are left out of those ratios.
-- severity: warning
-- depends: staging_program
SELECT year, opd_code, program, activity, budget, output_target
FROM temp.program
WHERE budget <= 0 OR (output_realized IS NOT NULL AND (output_target IS NULL OR output_target <= 0))
ORDER BY year, opd_code, program, activity
