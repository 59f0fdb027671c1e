-- Accepted rows: every check passed and the key is not duplicated in the file.
INSERT INTO raw_program (batch_id, line, year, opd_code, opd_name, program, activity, budget, realization,
    gender_responsive, target_groups, output_indicator, output_target, output_realized,
    beneficiaries_male, beneficiaries_female)
SELECT ?, c.line, year, opd_code, opd_name, program, activity, budget, realization, gender_responsive,
    target_groups, output_indicator, output_target, output_realized, beneficiaries_male, beneficiaries_female
FROM checked c ANTI JOIN dup d ON c.line = d.line
WHERE c.ok;
