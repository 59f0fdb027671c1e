-- Indicators estimated from survey person records (methods.md section 5), weighted by the
-- survey weight, per region, year and sex, with the unweighted count and a reliability flag
-- (count at or above run_context.reliability_threshold). Every record counts for its own
-- region and for each ancestor, so a kota's figure aggregates the kota's records. A province or
-- country gets an estimate only in a year its records cover it (see domain below).
--
-- Each person contributes one row per indicator it is in the denominator of: num/den are
-- weighted amounts and value = scale * sum(num) / sum(den). The sums are taken per record's
-- own region first and then added up over each ancestor: sums of records are additive, so this
-- equals aggregating the ancestor's records directly (it is not an average of rates).
-- depends: staging_microdata, region_ancestor
-- creates: temp.indicator_microdata
CREATE OR REPLACE TEMP TABLE temp.indicator_microdata AS
WITH person AS (
    SELECT * FROM temp.microdata
),
-- Rates and means, by sex.
contribution AS (
    -- TPAK / LFPR: persons 15+ in the labour force (employed or unemployed), percent.
    SELECT region_code, year, sex, batch_id, 'labour_force_participation' AS indicator,
           weight * CASE WHEN labour_force_status IN ('employed', 'unemployed') THEN 1 ELSE 0 END AS num,
           weight AS den
    FROM person WHERE age >= 15 AND labour_force_status IS NOT NULL
    UNION ALL
    -- RLS: mean years of schooling of persons 25+.
    SELECT region_code, year, sex, batch_id, 'mean_schooling', weight * years_schooling, weight
    FROM person WHERE age >= 25 AND years_schooling IS NOT NULL
    UNION ALL
    -- SMA+: persons 25+ whose highest completed level is senior high (3) or above, percent.
    SELECT region_code, year, sex, batch_id, 'senior_high_education',
           weight * CASE WHEN highest_education >= 3 THEN 1 ELSE 0 END, weight
    FROM person WHERE age >= 25 AND highest_education IS NOT NULL
    UNION ALL
    -- UNDP SE: persons 25+ who reached secondary school: completed junior secondary (2) or
    -- more, or more than the six years of primary school, percent.
    SELECT region_code, year, sex, batch_id, 'secondary_education',
           weight * CASE WHEN highest_education >= 2 OR years_schooling > 6 THEN 1 ELSE 0 END, weight
    FROM person WHERE age >= 25 AND highest_education IS NOT NULL
    UNION ALL
    -- MTF: ever-married women 15-49 whose last live birth was not in a health facility.
    SELECT region_code, year, sex, batch_id, 'birth_outside_facility',
           weight * CASE WHEN NOT last_birth_in_facility THEN 1 ELSE 0 END, weight
    FROM person
    WHERE sex = 'P' AND age BETWEEN 15 AND 49 AND ever_married AND last_birth_in_facility IS NOT NULL
    UNION ALL
    -- MHPK20: ever-married women 15-49 whose first live birth was before age 20.
    SELECT region_code, year, sex, batch_id, 'first_birth_under_20',
           weight * CASE WHEN age_at_first_birth < 20 THEN 1 ELSE 0 END, weight
    FROM person
    WHERE sex = 'P' AND age BETWEEN 15 AND 49 AND ever_married AND age_at_first_birth IS NOT NULL
    UNION ALL
    -- Population: the weighted count of persons (num only).
    SELECT region_code, year, sex, batch_id, 'population', weight, 0
    FROM person
    UNION ALL
    -- Professional share: weighted employed persons in ISCO major groups 1-3 (num only).
    SELECT region_code, year, sex, batch_id, 'professional_share', weight, 0
    FROM person
    WHERE labour_force_status = 'employed' AND occupation_group BETWEEN 1 AND 3
    UNION ALL
    -- Income contribution: weighted earnings (num only).
    SELECT region_code, year, sex, batch_id, 'income_share', weight * earnings, 0
    FROM person
    WHERE earnings > 0
),
-- Sums per record region, then per ancestor (each region counts for itself at depth 0).
partial AS (
    SELECT region_code, year, sex, indicator, sum(num) AS num, sum(den) AS den,
           count(*) AS n, max(batch_id) AS batch_id
    FROM contribution
    GROUP BY region_code, year, sex, indicator
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
rolled AS (
    SELECT coalesce(a.ancestor_code, p.region_code) AS region_code, p.year, p.sex, p.indicator,
           sum(p.num) AS num, sum(p.den) AS den, sum(p.n) AS n, max(p.batch_id) AS batch_id
    FROM partial p
    LEFT JOIN temp.region_ancestor a ON a.region_code = p.region_code
    JOIN temp.region ar ON ar.region_code = coalesce(a.ancestor_code, p.region_code)
    WHERE a.depth = 0
       OR ar.level IN ('regency', 'district', 'village')
       OR NOT EXISTS (SELECT 1 FROM uncovered u WHERE u.region_code = a.ancestor_code AND u.year = p.year)
    GROUP BY ALL
),
by_sex AS (
    SELECT region_code, year, indicator,
           CASE WHEN grouping(sex) = 1 THEN 'T' ELSE sex END AS sex,
           sum(num) AS num, sum(den) AS den, sum(n) AS n, max(batch_id) AS batch_id
    FROM rolled
    GROUP BY GROUPING SETS ((region_code, year, indicator, sex), (region_code, year, indicator))
),
estimate AS (
    -- rates (percent) and means
    SELECT region_code, year, indicator, sex,
           CASE WHEN indicator IN ('mean_schooling', 'birth_outside_facility', 'first_birth_under_20')
                THEN 1.0 ELSE 100.0 END * num / den AS value,
           n AS n_unweighted, batch_id
    FROM by_sex
    WHERE indicator NOT IN ('population', 'professional_share', 'income_share') AND den > 0
    UNION ALL
    SELECT region_code, year, indicator, sex, num, n, batch_id
    FROM by_sex
    WHERE indicator = 'population'
    UNION ALL
    -- women's (P) and men's (L) share of the weighted total, percent; the count is the
    -- whole group's
    SELECT t.region_code, t.year, t.indicator, x.sex, 100.0 * coalesce(s.num, 0) / t.num, t.n, t.batch_id
    FROM by_sex t
    CROSS JOIN (VALUES ('P'), ('L')) AS x (sex)
    LEFT JOIN by_sex s
      ON s.region_code = t.region_code AND s.year = t.year AND s.indicator = t.indicator AND s.sex = x.sex
    WHERE t.indicator IN ('professional_share', 'income_share') AND t.sex = 'T' AND t.num > 0
)
SELECT e.region_code, e.year, e.indicator, e.sex, e.value, e.n_unweighted,
       e.n_unweighted >= c.reliability_threshold AS reliable, e.batch_id
FROM estimate e
JOIN ref_indicator i ON i.code = e.indicator
CROSS JOIN run_context c
-- only the sexes the catalog allows for the indicator (MTF and MHPK20 are women only)
WHERE list_contains(string_split(i.sexes, ';'), e.sex)
ORDER BY e.region_code, e.year, e.indicator, e.sex;
