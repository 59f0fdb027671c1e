-- The gender indices setara computes: names, scale, formula, source, the inputs each needs
-- (indicator.sex; maternal_mortality and adolescent_birth accept sex P or T), the key inputs
-- whose presence makes the index apply to a region-year, and the valid range the checks use.
--
-- Which index applies where, by input availability: an index is assessed (listed in
-- data_completeness) for a region-year that has at least one of its key inputs, and computed
-- when all its inputs are present. UNDP GDI/HDI by sex need GNI per capita by sex; GII needs
-- maternal mortality or adolescent births; BPS IPG needs expenditure per capita by sex; IKG
-- needs MTF or MHPK20; IDG needs the professional or income share. published_decimals: the
-- decimals BPS and UNDP publish the index with (index_check compares at least at these).
-- creates: temp.index_definition

-- Inputs by sex: index_inputs_of(names, sex) names each input of one sex (name.P or name.L);
-- index_inputs_by_sex(names) each input of both, P then L. An HDI by sex needs life
-- expectancy, both schooling measures and an income measure (UNDP: GNI, BPS: expenditure).
CREATE OR REPLACE TEMP MACRO index_inputs_of(names, sex) AS list_transform(names, x -> x || '.' || sex);
CREATE OR REPLACE TEMP MACRO index_inputs_by_sex(names) AS flatten(list_transform(names, x -> [x || '.P', x || '.L']));
CREATE OR REPLACE TEMP MACRO index_hdi_inputs(income) AS ['life_expectancy', 'expected_schooling', 'mean_schooling', income];

CREATE OR REPLACE TEMP TABLE temp.index_definition AS
SELECT * FROM (VALUES
    ('hdi_f', 'IPM perempuan (UNDP)', 'HDI, female (UNDP)', '0-1',
     '(I_life_f * (I_eys_f + I_mys_f)/2 * I_income_f)^(1/3); dimension indices capped at 0 and 1; income on ln scale',
     'UNDP HDR 2023/2024 Technical notes',
     index_inputs_of(index_hdi_inputs('gni_per_capita'), 'P'), index_inputs_by_sex(['gni_per_capita']), 0.0, 1.0, 3, 1),
    ('hdi_m', 'IPM laki-laki (UNDP)', 'HDI, male (UNDP)', '0-1',
     '(I_life_m * (I_eys_m + I_mys_m)/2 * I_income_m)^(1/3); dimension indices capped at 0 and 1; income on ln scale',
     'UNDP HDR 2023/2024 Technical notes',
     index_inputs_of(index_hdi_inputs('gni_per_capita'), 'L'), index_inputs_by_sex(['gni_per_capita']), 0.0, 1.0, 3, 2),
    ('gdi', 'Indeks Pembangunan Gender (UNDP GDI)', 'Gender Development Index (UNDP)', '0-1',
     'HDI_f / HDI_m', 'UNDP HDR 2023/2024 Technical notes',
     index_inputs_by_sex(index_hdi_inputs('gni_per_capita')), index_inputs_by_sex(['gni_per_capita']), 0.0, 2.0, 3, 3),
    ('gii', 'Indeks Ketimpangan Gender (UNDP GII)', 'Gender Inequality Index (UNDP)', '0-1',
     '1 - HARM(G_f, G_m) / G_fm; MMR truncated to [10, 1000]; zero female seat share floored at 0.01 %',
     'UNDP HDR 2023/2024 Technical notes',
     ['maternal_mortality', 'adolescent_birth']
         || index_inputs_by_sex(['parliament_share', 'secondary_education', 'labour_force_participation']),
     ['maternal_mortality', 'adolescent_birth'], 0.0, 1.0, 3, 4),
    ('ipg', 'Indeks Pembangunan Gender (IPG)', 'Gender Development Index (BPS IPG)', '0-100',
     'IPM_P / IPM_L * 100; IPM by sex on 0-100 with BPS goalposts; expenditure on ln scale',
     'BPS, Indeks Pembangunan Gender methodology',
     index_inputs_by_sex(index_hdi_inputs('expenditure_per_capita')), index_inputs_by_sex(['expenditure_per_capita']),
     0.0, 200.0, 2, 5),
    ('idg', 'Indeks Pemberdayaan Gender (IDG)', 'Gender Empowerment Index (BPS IDG)', '0-100',
     '(I_parliament + I_decision + I_income) / 3 * 100; EDEP with epsilon 2; income part on assumed goalposts',
     'BPS, Indeks Pemberdayaan Gender methodology (after UNDP GEM); income goalposts assumed',
     index_inputs_by_sex(['parliament_share', 'professional_share']) || ['income_share.P']
         || index_inputs_by_sex(['population']) || ['expenditure_per_capita.T'],
     ['professional_share.P', 'income_share.P'], 0.0, 100.0, 2, 6),
    ('ikg', 'Indeks Ketimpangan Gender (IKG)', 'Gender Inequality Index (BPS IKG)', '0-1',
     'GII structure; Health_f = sqrt(c / (MTF * MHPK20)) with c = 5e-5 (calibrated); MTF and MHPK20 floored at 0.005',
     'BPS, Indeks Ketimpangan Gender methodology (2023 revision); c calibrated to published figures',
     ['birth_outside_facility.P', 'first_birth_under_20.P']
         || index_inputs_by_sex(['parliament_share', 'senior_high_education', 'labour_force_participation']),
     ['birth_outside_facility.P', 'first_birth_under_20.P'], 0.0, 1.0, 3, 7)
) AS t (index_code, name_id, name_en, scale, formula, source, inputs, key_inputs, valid_min, valid_max, published_decimals, ordinal);
