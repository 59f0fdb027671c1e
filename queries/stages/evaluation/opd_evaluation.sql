-- The PUG evaluation of every OPD and year, from its activities (program_evaluation) and its
-- prerequisites (temp.readiness): activities, gender-responsive ones, those with a GBS, the
-- share of responsive activities with a complete GBS, the APKM gap factors its GBSs address (in the APKM order),
-- female and male target achievement over its activities with a positive target of that sex
-- (beneficiaries summed / targets summed), the prerequisites in place (ada) and partly
-- (sebagian), the findings counted by code, and a grade with its rule in words. The rule,
-- thresholds in data/constants.csv:
--   A  at least evaluation_grade_a_gbs of the responsive activities have a complete GBS, at
--      least evaluation_grade_a_prerequisites prerequisites are in place, and no activity has
--      a finding of severity high;
--   B  at least evaluation_grade_b_gbs with a complete GBS and evaluation_grade_b_prerequisites
--      prerequisites in place;
--   C  at least evaluation_grade_c_gbs with a complete GBS;
--   D  otherwise;
--   NULL (no grade) for an OPD without a gender-responsive activity that year.
-- It replaces no ranking: OPDs are listed by grade, then by code.
-- depends: program_evaluation, opd_finding, staging_readiness, constants
-- creates: published.opd_evaluation
CREATE OR REPLACE TABLE published.opd_evaluation AS
WITH o AS (
    SELECT year, opd_code, arg_max(opd_name, budget) AS opd_name,
        count(*) AS activities,
        count(*) FILTER (WHERE gender_responsive) AS responsive_activities,
        count(*) FILTER (WHERE has_gbs) AS activities_with_gbs,
        count(*) FILTER (WHERE gender_responsive AND gbs_complete) AS responsive_with_complete_gbs,
        list_filter(['akses', 'partisipasi', 'kontrol', 'manfaat'], f -> list_contains(flatten(list(gap_factors)), f)) AS gap_factors_addressed,
        CAST(sum(target_female) FILTER (WHERE target_female > 0) AS BIGINT) AS target_female,
        CAST(sum(beneficiaries_female) FILTER (WHERE target_female > 0) AS BIGINT) AS beneficiaries_female_targeted,
        CAST(sum(target_male) FILTER (WHERE target_male > 0) AS BIGINT) AS target_male,
        CAST(sum(beneficiaries_male) FILTER (WHERE target_male > 0) AS BIGINT) AS beneficiaries_male_targeted,
        count(*) FILTER (WHERE len(findings) > 0) AS activities_with_findings
    FROM published.program_evaluation
    GROUP BY year, opd_code
), r AS (
    SELECT year, opd_code,
        count(*) FILTER (WHERE status = 'ada') AS prerequisites_met,
        count(*) FILTER (WHERE status = 'sebagian') AS prerequisites_partial,
        count(*) AS prerequisites_reported
    FROM temp.readiness
    GROUP BY year, opd_code
), f AS (
    SELECT year, opd_code, CAST(sum(activities) AS BIGINT) AS findings_total,
        CAST(sum(activities) FILTER (WHERE severity = 'high') AS BIGINT) AS findings_high,
        list({'finding': finding, 'activities': activities} ORDER BY ordinal) AS findings
    FROM published.opd_finding
    GROUP BY year, opd_code
), g AS (
    SELECT o.*,
        CASE WHEN responsive_activities > 0 THEN responsive_with_complete_gbs / responsive_activities END AS gbs_complete_share,
        CASE WHEN target_female > 0 THEN beneficiaries_female_targeted / target_female END AS female_target_achievement,
        CASE WHEN target_male > 0 THEN beneficiaries_male_targeted / target_male END AS male_target_achievement,
        coalesce(r.prerequisites_met, 0) AS prerequisites_met,
        coalesce(r.prerequisites_partial, 0) AS prerequisites_partial,
        coalesce(r.prerequisites_reported, 0) AS prerequisites_reported,
        coalesce(f.findings_total, 0) AS findings_total,
        coalesce(f.findings_high, 0) AS findings_high,
        coalesce(f.findings, []) AS findings
    FROM o
    LEFT JOIN r USING (year, opd_code)
    LEFT JOIN f USING (year, opd_code)
), graded AS (
    SELECT g.*,
        CASE
            WHEN responsive_activities = 0 THEN NULL
            WHEN gbs_complete_share >= k.evaluation_grade_a_gbs AND prerequisites_met >= k.evaluation_grade_a_prerequisites
                AND findings_high = 0 THEN 'A'
            WHEN gbs_complete_share >= k.evaluation_grade_b_gbs AND prerequisites_met >= k.evaluation_grade_b_prerequisites THEN 'B'
            WHEN gbs_complete_share >= k.evaluation_grade_c_gbs THEN 'C'
            ELSE 'D'
        END AS grade,
        k.evaluation_grade_a_gbs AS a_gbs, k.evaluation_grade_a_prerequisites AS a_pre,
        k.evaluation_grade_b_gbs AS b_gbs, k.evaluation_grade_b_prerequisites AS b_pre,
        k.evaluation_grade_c_gbs AS c_gbs
    FROM g CROSS JOIN temp.k k
)
SELECT year, opd_code, opd_name, activities, responsive_activities, activities_with_gbs,
    responsive_with_complete_gbs, gbs_complete_share, gap_factors_addressed,
    target_female, beneficiaries_female_targeted, female_target_achievement,
    target_male, beneficiaries_male_targeted, male_target_achievement,
    prerequisites_met, prerequisites_partial, prerequisites_reported,
    activities_with_findings, findings_total, findings_high, findings, grade,
    CASE grade
        WHEN 'A' THEN format('A: sekurang-kurangnya {} % kegiatan responsif gender ber-GBS lengkap, {} prasyarat PUG ada, tanpa temuan berat',
            round(100 * a_gbs)::INTEGER, a_pre::INTEGER)
        WHEN 'B' THEN format('B: sekurang-kurangnya {} % kegiatan responsif gender ber-GBS lengkap dan {} prasyarat PUG ada (A: {} %, {} prasyarat, tanpa temuan berat)',
            round(100 * b_gbs)::INTEGER, b_pre::INTEGER, round(100 * a_gbs)::INTEGER, a_pre::INTEGER)
        WHEN 'C' THEN format('C: sekurang-kurangnya {} % kegiatan responsif gender ber-GBS lengkap (B: {} % dan {} prasyarat PUG ada)',
            round(100 * c_gbs)::INTEGER, round(100 * b_gbs)::INTEGER, b_pre::INTEGER)
        WHEN 'D' THEN format('D: kurang dari {} % kegiatan responsif gender ber-GBS lengkap', round(100 * c_gbs)::INTEGER)
        ELSE 'tanpa nilai: tidak ada kegiatan responsif gender'
    END AS grade_rule_id,
    CASE grade
        WHEN 'A' THEN format('A: at least {} % of gender-responsive activities with a complete GBS, {} PUG prerequisites in place, no high-severity finding',
            round(100 * a_gbs)::INTEGER, a_pre::INTEGER)
        WHEN 'B' THEN format('B: at least {} % of gender-responsive activities with a complete GBS and {} PUG prerequisites in place (A: {} %, {} prerequisites, no high-severity finding)',
            round(100 * b_gbs)::INTEGER, b_pre::INTEGER, round(100 * a_gbs)::INTEGER, a_pre::INTEGER)
        WHEN 'C' THEN format('C: at least {} % of gender-responsive activities with a complete GBS (B: {} % and {} prerequisites in place)',
            round(100 * c_gbs)::INTEGER, round(100 * b_gbs)::INTEGER, b_pre::INTEGER)
        WHEN 'D' THEN format('D: under {} % of gender-responsive activities with a complete GBS', round(100 * c_gbs)::INTEGER)
        ELSE 'no grade: no gender-responsive activity'
    END AS grade_rule_en
FROM graded
ORDER BY year, grade NULLS LAST, opd_code;
