-- Indicators estimated from survey person records (methods.md section 5), weighted by the
-- survey weight, per region, year and sex, with the unweighted count, the design-based
-- standard error and BPS's publication band. Every record counts for its own region and for
-- each ancestor, so a kota's figure aggregates the kota's records. A province or country gets
-- an estimate only in a year its records cover it (see domain below).
--
-- Each person contributes one row per indicator it is in the universe of: num/den are weighted
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
WITH person AS (
    SELECT * FROM temp.microdata
),
-- Rates and means, by sex.
contribution AS (
    -- TPAK / LFPR: persons 15+ in the labour force (employed or unemployed), percent.
    SELECT region_code, year, sex, batch_id, strata, psu, weight, 'labour_force_participation' AS indicator,
           weight * CASE WHEN labour_force_status IN ('employed', 'unemployed') THEN 1 ELSE 0 END AS num,
           weight AS den
    FROM person WHERE age >= 15 AND labour_force_status IS NOT NULL
    UNION ALL
    -- RLS: mean years of schooling of persons 25+.
    SELECT region_code, year, sex, batch_id, strata, psu, weight, 'mean_schooling', weight * years_schooling, weight
    FROM person WHERE age >= 25 AND years_schooling IS NOT NULL
    UNION ALL
    -- SMA+: persons 25+ whose highest completed level is senior high (3) or above, percent.
    SELECT region_code, year, sex, batch_id, strata, psu, weight, 'senior_high_education',
           weight * CASE WHEN highest_education >= 3 THEN 1 ELSE 0 END, weight
    FROM person WHERE age >= 25 AND highest_education IS NOT NULL
    UNION ALL
    -- UNDP SE: persons 25+ who reached secondary school: completed junior secondary (2) or
    -- more, or more than the six years of primary school, percent.
    SELECT region_code, year, sex, batch_id, strata, psu, weight, 'secondary_education',
           weight * CASE WHEN highest_education >= 2 OR years_schooling > 6 THEN 1 ELSE 0 END, weight
    FROM person WHERE age >= 25 AND highest_education IS NOT NULL
    UNION ALL
    -- MTF (BPS): ever-married women 15-49 whose last live birth, at most 24 months ago, was
    -- not in a health facility. Without months_since_last_birth a record is not counted.
    SELECT region_code, year, sex, batch_id, strata, psu, weight, 'birth_outside_facility',
           weight * CASE WHEN NOT last_birth_in_facility THEN 1 ELSE 0 END, weight
    FROM person
    WHERE sex = 'P' AND age BETWEEN 15 AND 49 AND ever_married AND last_birth_in_facility IS NOT NULL
      AND months_since_last_birth <= 24
    UNION ALL
    -- MHPK20 (BPS): ever-married women 15-49 who have had a live birth, whose first live birth
    -- was before age 20.
    SELECT region_code, year, sex, batch_id, strata, psu, weight, 'first_birth_under_20',
           weight * CASE WHEN age_at_first_birth < 20 THEN 1 ELSE 0 END, weight
    FROM person
    WHERE sex = 'P' AND age BETWEEN 15 AND 49 AND ever_married AND age_at_first_birth IS NOT NULL
    UNION ALL
    -- Population: the weighted count of persons (a total: num only).
    SELECT region_code, year, sex, batch_id, strata, psu, weight, 'population', weight, 0
    FROM person
    UNION ALL
    -- Professional share: women's weighted share of employed persons in ISCO major groups 1-3
    -- (the ratio is taken over both sexes; men's share is its complement).
    SELECT region_code, year, sex, batch_id, strata, psu, weight, 'professional_share',
           weight * CASE WHEN sex = 'P' THEN 1 ELSE 0 END, weight
    FROM person
    WHERE labour_force_status = 'employed' AND occupation_group BETWEEN 1 AND 3
    UNION ALL
    -- Earnings share (earnings_share): women's share of the weighted earnings of everyone with
    -- earnings. It is not BPS's sumbangan pendapatan (income_share: the non-agricultural wage
    -- ratio times the labour force shares, from Sakernas), which needs the wages of employees
    -- by sector; the IDG takes it only where no income_share is published, and says so.
    SELECT region_code, year, sex, batch_id, strata, psu, weight, 'earnings_share',
           weight * earnings * CASE WHEN sex = 'P' THEN 1 ELSE 0 END, weight * earnings
    FROM person
    WHERE earnings > 0
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
-- Sums per record region, year, indicator, sex, stratum and PSU; the records without a psu
-- (each its own PSU) fall in one group per cell, with the sums of their squares.
cell AS (
    SELECT region_code, year, indicator, sex, strata, psu,
           sum(num) AS num, sum(den) AS den,
           sum(num * num) AS nn, sum(num * den) AS nd, sum(den * den) AS dd,
           sum(weight) AS w, sum(weight * weight) AS ww,
           count(*) AS n, count(*) FILTER (WHERE num <> 0) AS n_num, max(batch_id) AS batch_id
    FROM contribution
    GROUP BY ALL
),
-- PSU sums squared, by sex (a cell with a psu is one PSU's sums: squared as they are) and for
-- both sexes together (T: the PSU's cells added up, then squared); records without a psu keep
-- their own sums of squares (their T is the sum over the sexes, taken below).
psu_level AS (
    SELECT region_code, year, indicator, sex, strata, FALSE AS has_psu,
           num, den, nn, nd, dd, w, ww, n, n_num, batch_id
    FROM cell WHERE psu IS NULL
    UNION ALL
    SELECT region_code, year, indicator, sex, strata, TRUE,
           num, den, num * num, num * den, den * den, w, ww, n, n_num, batch_id
    FROM cell WHERE psu IS NOT NULL
    UNION ALL
    SELECT region_code, year, indicator, 'T', strata, TRUE,
           sum(num), sum(den), sum(num) * sum(num), sum(num) * sum(den), sum(den) * sum(den),
           sum(w), sum(ww), sum(n), sum(n_num), max(batch_id)
    FROM cell WHERE psu IS NOT NULL
    GROUP BY region_code, year, indicator, strata, psu
),
-- Per record region, stratum and sex (P, L, T).
partial AS (
    SELECT region_code, year, indicator, sex, strata,
           sum(num) AS num, sum(den) AS den, sum(nn) AS nn, sum(nd) AS nd, sum(dd) AS dd,
           sum(w) AS w, sum(ww) AS ww, sum(n) AS n, sum(n_num) AS n_num, max(batch_id) AS batch_id
    FROM (
        SELECT * FROM psu_level
        UNION ALL
        SELECT region_code, year, indicator, 'T', strata, has_psu, num, den, nn, nd, dd, w, ww, n, n_num, batch_id
        FROM psu_level WHERE NOT has_psu
    )
    GROUP BY region_code, year, indicator, sex, strata
),
-- The design: PSUs per stratum in the whole year's records (a person is in the population
-- universe, so its cells name every PSU).
design AS (
    SELECT year, strata,
           count(DISTINCT (region_code, psu)) FILTER (WHERE psu IS NOT NULL)
               + coalesce(sum(n) FILTER (WHERE psu IS NULL), 0) AS psus
    FROM cell
    WHERE indicator = 'population'
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
           greatest(sum(CASE WHEN d.psus > 1 THEN
               d.psus::DOUBLE / (d.psus - 1) * ((s.nn - 2 * t.r * s.nd + t.r * t.r * s.dd)
                                        - (s.num - t.r * s.den) * (s.num - t.r * s.den) / d.psus)
               ELSE 0 END), 0) / (t.divisor * t.divisor) AS v
    FROM rolled s
    JOIN ratio t USING (region_code, year, indicator, sex)
    JOIN design d ON d.year = s.year AND d.strata IS NOT DISTINCT FROM s.strata
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
