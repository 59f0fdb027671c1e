INSERT INTO raw_program (batch_id, line, year, opd_code, opd_name, program, activity, budget, realization,
    gender_responsive, target_groups, output_indicator, output_target, output_realized,
    beneficiaries_male, beneficiaries_female)
SELECT ?, line, year, opd_code, opd_name, program, activity, budget, realization, gender_responsive,
    target_groups, output_indicator, output_target, output_realized, beneficiaries_male, beneficiaries_female
FROM checked WHERE ok;
