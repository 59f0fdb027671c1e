-- $1 year: OPDs whose published summary lacks sex-disaggregated beneficiaries or output data.
SELECT opd_code, opd_name,
    female_share IS NULL OR coalesce(beneficiaries_female, 0) + coalesce(beneficiaries_male, 0) = 0 AS no_beneficiaries,
    output_achievement IS NULL AS no_output
FROM program_summary
WHERE year = $1 AND (female_share IS NULL OR output_achievement IS NULL
    OR coalesce(beneficiaries_female, 0) + coalesce(beneficiaries_male, 0) = 0)
ORDER BY opd_code
