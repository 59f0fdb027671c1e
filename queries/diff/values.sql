-- Every published value of one snapshot (the default catalog: USE it first) as
-- (view, key, measure, value). The key is the row's identifying columns joined by ' / '.
SELECT 'gender_index' AS view, concat_ws(' / ', region_code, year, index_code) AS key, 'value' AS measure, value::DOUBLE AS value
FROM gender_index
UNION ALL
SELECT 'indicator_value', concat_ws(' / ', region_code, year, indicator, sex), 'value', value::DOUBLE
FROM indicator_value
UNION ALL
SELECT 'gender_gap', concat_ws(' / ', region_code, year, indicator), m.measure, m.value
FROM gender_gap, LATERAL (VALUES ('ratio', ratio::DOUBLE), ('difference', difference::DOUBLE)) m(measure, value)
UNION ALL
SELECT 'opd_ranking', concat_ws(' / ', year, opd_code), m.measure, m.value
FROM opd_ranking, LATERAL (VALUES ('rank', rank::DOUBLE), ('score', score::DOUBLE)) m(measure, value)
UNION ALL
SELECT 'program_summary', concat_ws(' / ', year, opd_code), m.measure, m.value
FROM program_summary, LATERAL (VALUES ('budget', budget::DOUBLE), ('realization', realization::DOUBLE),
    ('responsive_budget', responsive_budget::DOUBLE), ('responsive_share', responsive_share::DOUBLE),
    ('beneficiaries_female', beneficiaries_female::DOUBLE), ('beneficiaries_male', beneficiaries_male::DOUBLE)) m(measure, value)
UNION ALL
SELECT 'target_group_summary', concat_ws(' / ', year, target_group), m.measure, m.value
FROM target_group_summary, LATERAL (VALUES ('budget', budget::DOUBLE), ('realization', realization::DOUBLE),
    ('beneficiaries_female', beneficiaries_female::DOUBLE), ('beneficiaries_male', beneficiaries_male::DOUBLE)) m(measure, value)
