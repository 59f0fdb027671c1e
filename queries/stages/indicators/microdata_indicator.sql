-- Indicators estimated from survey person records (methods.md section 5), weighted by the
-- survey weight, per region, year and sex, with the unweighted count, the design-based
-- standard error and BPS's publication band. Every record counts for its own region and for
-- each ancestor, so a kota's figure aggregates the kota's records. A province or country gets
-- an estimate only in a year its records cover it (see domain below).
--
-- Each person contributes to each indicator it is in the universe of: num/den are weighted
-- amounts and the estimate is the ratio R = sum(num) / sum(den), times the indicator's scale
-- (100 for percent). Population is a total (sum(num), no denominator).
--
-- Variance (docs/INDICES.md, "Standard errors"): the Taylor-linearised variance of the ratio
-- with PSUs drawn with replacement within strata, as R's survey package computes it for
-- svydesign(ids = ~psu, strata = ~strata, weights = ~weight) and svymean/svyratio/svytotal on a
-- subset (and Stata's svy by default):
--   z_hj = (N_hj - R D_hj) / D, the linearised value of PSU j of stratum h (zero for a PSU
--          without records of the domain: the domain is estimated over the whole design);
--   V    = sum_h n_h / (n_h - 1) * (sum_j z_hj^2 - (sum_j z_hj)^2 / n_h),
-- with n_h the PSUs of stratum h in the whole year's records. A stratum with one PSU adds
-- nothing (R's options(survey.lonely.psu = "certainty")). Without a psu each record is its
-- own PSU; without strata the year's records are one stratum. A PSU is the psu code within
-- its record's region and stratum (the same code in two kecamatan names two PSUs).
--
-- The sums of squares are taken per PSU (or per record without a psu) inside the record's own
-- region and then added up over each ancestor: a PSU lies in one region, so this equals
-- squaring the ancestor's PSU sums directly.
-- The source of an estimate is the survey named on the latest batch of its records
-- (`setara ingest --survey`), or "survey microdata" when none was named.
-- depends: staging_microdata, region_ancestor, constants
-- creates: temp.indicator_microdata
CREATE OR REPLACE TEMP TABLE temp.indicator_microdata AS
-- person and contribution are NOT MATERIALIZED: each aggregate reads temp.microdata afresh
-- rather than have 10 M persons' rows written out once and read back (the stage took 39 s at
-- 10 M that way, 14 s this way).
WITH person AS NOT MATERIALIZED (
    SELECT * FROM temp.microdata
),
-- Each person's part in every indicator it is in the universe of, one column per indicator
-- (c_<code>): num and den are weighted amounts, and the column is NULL outside the universe.
-- One row per person, so that the sums below read each record once.
contribution AS NOT MATERIALIZED (
    SELECT region_code, year, sex, batch_id, strata, psu, weight,
           -- TPAK / LFPR: persons 15+ in the labour force (employed or unemployed), percent.
           CASE WHEN age >= 15 AND labour_force_status IS NOT NULL THEN {
               'num': weight * CASE WHEN labour_force_status IN ('employed', 'unemployed') THEN 1 ELSE 0 END,
               'den': weight} END AS c_labour_force_participation,
           -- RLS: mean years of schooling of persons 25+.
           CASE WHEN age >= 25 AND years_schooling IS NOT NULL THEN {
               'num': weight * years_schooling, 'den': weight} END AS c_mean_schooling,
           -- SMA+: persons 25+ whose highest completed level is senior high (3) or above, percent.
           CASE WHEN age >= 25 AND highest_education IS NOT NULL THEN {
               'num': weight * CASE WHEN highest_education >= 3 THEN 1 ELSE 0 END,
               'den': weight} END AS c_senior_high_education,
           -- UNDP SE: persons 25+ who reached secondary school: completed junior secondary (2) or
           -- more, or more than the six years of primary school, percent.
           CASE WHEN age >= 25 AND highest_education IS NOT NULL THEN {
               'num': weight * CASE WHEN highest_education >= 2 OR years_schooling > 6 THEN 1 ELSE 0 END,
               'den': weight} END AS c_secondary_education,
           -- MTF (BPS): ever-married women 15-49 whose last live birth, at most 24 months ago, was
           -- not in a health facility. Without months_since_last_birth a record is not counted.
           CASE WHEN sex = 'P' AND age BETWEEN 15 AND 49 AND ever_married AND last_birth_in_facility IS NOT NULL
                     AND months_since_last_birth <= 24 THEN {
               'num': weight * CASE WHEN NOT last_birth_in_facility THEN 1 ELSE 0 END,
               'den': weight} END AS c_birth_outside_facility,
           -- MHPK20 (BPS): ever-married women 15-49 who have had a live birth, whose first live
           -- birth was before age 20.
           CASE WHEN sex = 'P' AND age BETWEEN 15 AND 49 AND ever_married AND age_at_first_birth IS NOT NULL THEN {
               'num': weight * CASE WHEN age_at_first_birth < 20 THEN 1 ELSE 0 END,
               'den': weight} END AS c_first_birth_under_20,
           -- Population: the weighted count of persons (a total: num only).
           {'num': weight, 'den': 0.0::DOUBLE} AS c_population,
           -- Professional share: women's weighted share of employed persons in ISCO major groups
           -- 1-3 (the ratio is taken over both sexes; men's share is its complement).
           CASE WHEN labour_force_status = 'employed' AND occupation_group BETWEEN 1 AND 3 THEN {
               'num': weight * CASE WHEN sex = 'P' THEN 1 ELSE 0 END,
               'den': weight} END AS c_professional_share,
           -- Earnings share (earnings_share): women's share of the weighted earnings of everyone
           -- with earnings. It is not BPS's sumbangan pendapatan (income_share: the
           -- non-agricultural wage ratio times the labour force shares, from Sakernas), which needs
           -- the wages of employees by sector; the IDG takes it only where no income_share is
           -- published, and says so.
           CASE WHEN earnings > 0 THEN {
               'num': weight * earnings * CASE WHEN sex = 'P' THEN 1 ELSE 0 END,
               'den': weight * earnings} END AS c_earnings_share
    FROM person
),
-- Records of an indicator's universe left out of it because a value it needs is empty,
-- counted per record region (published as n_missing; docs/INDICES.md, "Missing values"):
-- TPAK persons 15+ without labour_force_status; RLS persons 25+ without years_schooling;
-- SMA+ and SE persons 25+ without highest_education; MTF women 15-49 with a live birth in the
-- last 24 months whose ever_married or last_birth_in_facility is empty, or ever-married women
-- 15-49 with a last birth whose months_since_last_birth is empty; MHPK20 women 15-49 with a
-- live birth whose ever_married or age_at_first_birth is empty; the professional and earnings
-- shares employed persons without occupation_group or earnings. A record that says nothing of
-- a birth is outside the birth indicators' universe, not missing.
missing_record AS (
    SELECT region_code, year, sex, 'labour_force_participation' AS indicator
    FROM person WHERE age >= 15 AND labour_force_status IS NULL
    UNION ALL
    SELECT region_code, year, sex, 'mean_schooling' FROM person WHERE age >= 25 AND years_schooling IS NULL
    UNION ALL
    SELECT region_code, year, sex, unnest(['senior_high_education', 'secondary_education'])
    FROM person WHERE age >= 25 AND highest_education IS NULL
    UNION ALL
    SELECT region_code, year, sex, 'birth_outside_facility'
    FROM person
    WHERE sex = 'P' AND age BETWEEN 15 AND 49 AND ever_married IS NOT FALSE
      AND ((months_since_last_birth <= 24 AND (ever_married IS NULL OR last_birth_in_facility IS NULL))
           OR (ever_married AND last_birth_in_facility IS NOT NULL AND months_since_last_birth IS NULL))
    UNION ALL
    SELECT region_code, year, sex, 'first_birth_under_20'
    FROM person
    WHERE sex = 'P' AND age BETWEEN 15 AND 49 AND ever_married IS NOT FALSE
      AND (last_birth_in_facility IS NOT NULL OR months_since_last_birth IS NOT NULL OR age_at_first_birth IS NOT NULL)
      AND (ever_married IS NULL OR age_at_first_birth IS NULL)
    UNION ALL
    SELECT region_code, year, sex, 'professional_share'
    FROM person WHERE labour_force_status = 'employed' AND occupation_group IS NULL
    UNION ALL
    SELECT region_code, year, sex, 'earnings_share'
    FROM person WHERE labour_force_status = 'employed' AND earnings IS NULL
),
-- The counts for each region a record counts for (its own and every ancestor), by sex and
-- for both sexes (T; a share is estimated over both).
missing AS (
    SELECT a.ancestor_code AS region_code, m.year, m.indicator,
           CASE WHEN grouping(m.sex) = 1 THEN 'T' ELSE m.sex END AS sex, count(*) AS n_missing
    FROM missing_record m
    JOIN temp.region_ancestor a ON a.region_code = m.region_code
    GROUP BY GROUPING SETS ((a.ancestor_code, m.year, m.indicator, m.sex), (a.ancestor_code, m.year, m.indicator))
),
-- The sums below are taken per indicator: each COLUMNS expression is expanded once for every
-- c_<code> column of contribution, and the capture group names the result after it, so that
-- one pass over the records serves every indicator. Sexes are P, L and T (both together).
--
-- Per record region, year, sex and stratum: the records in each indicator's universe (n), in
-- its numerator (n_num), their weights (w, ww) and latest batch; and the sums of the records
-- without a psu, each its own PSU, with the sums of their squares. Few groups, however many
-- records.
stratum_sums AS (
    SELECT region_code, year, CASE WHEN grouping(sex) = 1 THEN 'T' ELSE sex END AS sex, strata,
           {'num': sum(CASE WHEN psu IS NULL THEN struct_extract(COLUMNS('^c_(.*)$'), 'num') END),
            'den': sum(CASE WHEN psu IS NULL THEN struct_extract(COLUMNS('^c_(.*)$'), 'den') END),
            'nn': sum(CASE WHEN psu IS NULL THEN struct_extract(COLUMNS('^c_(.*)$'), 'num') * struct_extract(COLUMNS('^c_(.*)$'), 'num') END),
            'nd': sum(CASE WHEN psu IS NULL THEN struct_extract(COLUMNS('^c_(.*)$'), 'num') * struct_extract(COLUMNS('^c_(.*)$'), 'den') END),
            'dd': sum(CASE WHEN psu IS NULL THEN struct_extract(COLUMNS('^c_(.*)$'), 'den') * struct_extract(COLUMNS('^c_(.*)$'), 'den') END),
            'w': sum(CASE WHEN COLUMNS('^c_(.*)$') IS NOT NULL THEN weight END),
            'ww': sum(CASE WHEN COLUMNS('^c_(.*)$') IS NOT NULL THEN weight * weight END),
            'n': count(COLUMNS('^c_(.*)$')),
            'n_num': count(CASE WHEN struct_extract(COLUMNS('^c_(.*)$'), 'num') <> 0 THEN 1 END),
            'batch_id': max(CASE WHEN COLUMNS('^c_(.*)$') IS NOT NULL THEN batch_id END)} AS 'c_\1'
    FROM contribution
    GROUP BY GROUPING SETS ((region_code, year, sex, strata), (region_code, year, strata))
),
-- Per PSU (the records with a psu) and sex: each indicator's sums, two per indicator so that
-- the one aggregate with a group per PSU stays small (10 M persons in PSUs of 20 are 1 M
-- groups). NULL where none of the PSU's records is in the universe.
psu_sums AS MATERIALIZED ( -- read twice: for both sexes and for the squares
    SELECT region_code, year, sex, strata, psu,
           {'num': sum(struct_extract(COLUMNS('^c_(.*)$'), 'num')), 'den': sum(struct_extract(COLUMNS('^c_(.*)$'), 'den'))} AS 'c_\1'
    FROM contribution
    WHERE psu IS NOT NULL
    GROUP BY region_code, year, sex, strata, psu
),
-- Both sexes of a PSU together.
psu_sums_both AS MATERIALIZED ( -- read twice: for the squares and for the design
    SELECT region_code, year, 'T' AS sex, strata, psu,
           {'num': sum(struct_extract(COLUMNS('^c_(.*)$'), 'num')), 'den': sum(struct_extract(COLUMNS('^c_(.*)$'), 'den'))} AS 'c_\1'
    FROM psu_sums
    GROUP BY region_code, year, strata, psu
),
-- The PSU sums and their squares, summed per record region, year, sex and stratum.
psu_squares AS (
    SELECT region_code, year, sex, strata,
           {'num': sum(struct_extract(COLUMNS('^c_(.*)$'), 'num')), 'den': sum(struct_extract(COLUMNS('^c_(.*)$'), 'den')),
            'nn': sum(struct_extract(COLUMNS('^c_(.*)$'), 'num') * struct_extract(COLUMNS('^c_(.*)$'), 'num')),
            'nd': sum(struct_extract(COLUMNS('^c_(.*)$'), 'num') * struct_extract(COLUMNS('^c_(.*)$'), 'den')),
            'dd': sum(struct_extract(COLUMNS('^c_(.*)$'), 'den') * struct_extract(COLUMNS('^c_(.*)$'), 'den')),
            'w': NULL::DOUBLE, 'ww': NULL::DOUBLE, 'n': NULL::BIGINT, 'n_num': NULL::BIGINT,
            'batch_id': NULL::BIGINT} AS 'c_\1'
    FROM (SELECT * FROM psu_sums UNION ALL SELECT * FROM psu_sums_both)
    GROUP BY region_code, year, sex, strata
),
-- Per record region, year, indicator, sex and stratum: both kinds of record together.
partial AS (
    SELECT region_code, year, substr(indicator, 3) AS indicator, sex, strata,
           sum(v.num) AS num, sum(v.den) AS den, sum(v.nn) AS nn, sum(v.nd) AS nd, sum(v.dd) AS dd,
           sum(v.w) AS w, sum(v.ww) AS ww, sum(v.n) AS n, sum(v.n_num) AS n_num, max(v.batch_id) AS batch_id
    FROM (UNPIVOT stratum_sums ON COLUMNS('^c_') INTO NAME indicator VALUE v
          UNION ALL
          UNPIVOT psu_squares ON COLUMNS('^c_') INTO NAME indicator VALUE v)
    GROUP BY region_code, year, indicator, sex, strata
    HAVING sum(v.n) > 0
),
-- The design: PSUs per stratum in the whole year's records.
design AS (
    SELECT year, strata, sum(psus) AS psus
    FROM (SELECT year, strata, count(*) AS psus FROM psu_sums_both GROUP BY year, strata
          UNION ALL
          SELECT year, strata, count(*) FROM person WHERE psu IS NULL GROUP BY year, strata)
    GROUP BY year, strata
),
-- Regions with records of their own, per year.
surveyed AS (
    SELECT DISTINCT region_code, year FROM partial
),
-- Survey domains: kab/kota, and regions above that level with nothing declared below them
-- (an ISO3 country, say). A kab/kota is estimated from whatever records it has (SUSENAS is
-- designed to be representative there); a province or country only when every domain under it
-- has records that year: one province's records must not pass for an estimate of Indonesia.
domain AS (
    SELECT r.region_code FROM temp.region r
    WHERE r.level = 'regency'
       OR (r.level NOT IN ('district', 'village')
           AND NOT EXISTS (SELECT 1 FROM temp.region c WHERE c.parent_code = r.region_code))
),
surveyed_domain AS (
    SELECT DISTINCT a.ancestor_code AS region_code, s.year
    FROM surveyed s
    JOIN temp.region_ancestor a ON a.region_code = s.region_code
    JOIN domain d ON d.region_code = a.ancestor_code
),
uncovered AS (
    SELECT DISTINCT top.ancestor_code AS region_code, y.year
    FROM domain d
    JOIN temp.region_ancestor top ON top.region_code = d.region_code
    CROSS JOIN (SELECT DISTINCT year FROM surveyed) y
    WHERE NOT EXISTS (SELECT 1 FROM surveyed_domain sd WHERE sd.region_code = d.region_code AND sd.year = y.year)
),
-- Per estimated region (the record's own and each covered ancestor), stratum and sex.
rolled AS (
    SELECT coalesce(a.ancestor_code, p.region_code) AS region_code, p.year, p.indicator, p.sex, p.strata,
           sum(p.num) AS num, sum(p.den) AS den, sum(p.nn) AS nn, sum(p.nd) AS nd, sum(p.dd) AS dd,
           sum(p.w) AS w, sum(p.ww) AS ww, sum(p.n) AS n, sum(p.n_num) AS n_num, max(p.batch_id) AS batch_id
    FROM partial p
    LEFT JOIN temp.region_ancestor a ON a.region_code = p.region_code
    JOIN temp.region ar ON ar.region_code = coalesce(a.ancestor_code, p.region_code)
    WHERE a.depth = 0
       OR ar.level IN ('regency', 'district', 'village')
       OR NOT EXISTS (SELECT 1 FROM uncovered u WHERE u.region_code = a.ancestor_code AND u.year = p.year)
    GROUP BY ALL
),
-- The domain's ratio (0 for a total, whose linearised value is the weighted amount itself).
ratio AS (
    SELECT region_code, year, indicator, sex,
           sum(num) AS num, sum(den) AS den, sum(w) AS w, sum(ww) AS ww,
           sum(n) AS n, sum(n_num) AS n_num, max(batch_id) AS batch_id,
           CASE WHEN indicator = 'population' THEN 0 ELSE sum(num) / sum(den) END AS r,
           CASE WHEN indicator = 'population' THEN 1 ELSE sum(den) END AS divisor
    FROM rolled
    GROUP BY region_code, year, indicator, sex
    HAVING indicator = 'population' OR sum(den) > 0
),
variance AS (
    SELECT t.region_code, t.year, t.indicator, t.sex,
           greatest(sum(CASE WHEN s.psus > 1 THEN
               s.psus::DOUBLE / (s.psus - 1) * ((s.nn - 2 * t.r * s.nd + t.r * t.r * s.dd)
                                        - (s.num - t.r * s.den) * (s.num - t.r * s.den) / s.psus)
               ELSE 0 END), 0) / (t.divisor * t.divisor) AS v
    -- each stratum's sums meet their design first: written as one three-way join, DuckDB paired
    -- every row with every stratum of its year before it compared strata (71 M rows at 1 M
    -- persons, 2 s of the stage)
    FROM (SELECT r.*, d.psus
          FROM rolled r
          JOIN design d ON d.year = r.year AND d.strata IS NOT DISTINCT FROM r.strata) s
    JOIN ratio t USING (region_code, year, indicator, sex)
    GROUP BY t.region_code, t.year, t.indicator, t.sex, t.divisor
),
estimate AS (
    SELECT t.region_code, t.year, t.indicator, x.sex,
           CASE WHEN t.indicator = 'population' THEN t.num
                WHEN t.indicator IN ('professional_share', 'earnings_share') AND x.sex = 'L' THEN 100.0 * (1 - t.r)
                ELSE CASE WHEN t.indicator IN ('mean_schooling', 'birth_outside_facility', 'first_birth_under_20')
                          THEN 1.0 ELSE 100.0 END * t.r END AS value,
           CASE WHEN t.indicator IN ('population', 'mean_schooling') THEN 1.0
                WHEN t.indicator IN ('birth_outside_facility', 'first_birth_under_20') THEN 1.0
                ELSE 100.0 END * sqrt(v.v) AS se,
           t.n::BIGINT AS n_unweighted, -- a count: sum() of counts is a HUGEINT
           -- cases in the numerator: the records counted in it (for a mean or a total, all)
           CASE WHEN t.indicator IN ('population', 'mean_schooling') THEN t.n
                WHEN t.indicator IN ('professional_share', 'earnings_share') AND x.sex = 'L' THEN t.n - t.n_num
                ELSE t.n_num END AS n_numerator,
           t.w * t.w / t.ww AS n_effective,
           -- a proportion of exactly 0 or 1 from a sample has no usable standard error
           t.indicator NOT IN ('population', 'mean_schooling') AND (t.r <= 0 OR t.r >= 1) AS degenerate,
           t.batch_id
    FROM ratio t
    JOIN variance v USING (region_code, year, indicator, sex)
    -- a share is estimated over both sexes and published for each; the rest by sex and total
    JOIN (VALUES ('P', FALSE), ('L', FALSE), ('T', FALSE), ('P', TRUE), ('L', TRUE)) AS x (sex, share)
      ON x.share = (t.indicator IN ('professional_share', 'earnings_share'))
     AND (CASE WHEN x.share THEN t.sex = 'T' ELSE x.sex = t.sex END)
),
banded AS (
    SELECT e.*,
           CASE WHEN e.value <> 0 THEN e.se / abs(e.value) END AS rse,
           k.survey_ci_z AS z, k.survey_rse_publish AS rse_publish, k.survey_rse_caution AS rse_caution,
           k.survey_min_numerator_cases AS min_cases
    FROM estimate e CROSS JOIN temp.k k
)
SELECT e.region_code, e.year, e.indicator, e.sex, e.value, e.n_unweighted,
       -- reliable: enough records and a band BPS would publish, so that every surface that
       -- hides an unreliable estimate also hides one BPS would suppress
       e.n_unweighted >= c.reliability_threshold
           AND NOT (e.degenerate OR e.rse IS NULL OR e.rse > e.rse_caution OR e.n_numerator < e.min_cases) AS reliable,
       e.se, e.rse, e.value - e.z * e.se AS ci_low, e.value + e.z * e.se AS ci_high,
       e.n_effective, e.n_numerator, coalesce(m.n_missing, 0) AS n_missing,
       CASE WHEN e.degenerate OR e.rse IS NULL OR e.rse > e.rse_caution OR e.n_numerator < e.min_cases THEN 'suppress'
            WHEN e.rse > e.rse_publish THEN 'caution'
            ELSE 'publish' END AS band,
       e.batch_id,
       coalesce(b.survey, 'survey microdata') || ' (weighted estimate)' AS source
FROM banded e
JOIN ref_indicator i ON i.code = e.indicator
LEFT JOIN batch b ON b.batch_id = e.batch_id
LEFT JOIN missing m
       ON m.region_code = e.region_code AND m.year = e.year AND m.indicator = e.indicator
      AND m.sex = CASE WHEN e.indicator IN ('professional_share', 'earnings_share') THEN 'T' ELSE e.sex END
CROSS JOIN run_context c
-- only the sexes the catalog allows for the indicator (MTF and MHPK20 are women only)
WHERE list_contains(string_split(i.sexes, ';'), e.sex)
ORDER BY e.region_code, e.year, e.indicator, e.sex;
