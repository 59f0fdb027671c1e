-- OPD program activities: the latest batch wins for each (year, opd_code, program, activity).
-- creates: temp.program
CREATE OR REPLACE TEMP TABLE temp.program AS
SELECT batch_id, year, opd_code, opd_name, program, activity, budget, realization,
       gender_responsive, target_groups, output_indicator, output_target, output_realized,
       beneficiaries_male, beneficiaries_female
FROM raw_program
QUALIFY row_number() OVER (
    PARTITION BY year, opd_code, program, activity
    ORDER BY batch_id DESC, line DESC) = 1;
