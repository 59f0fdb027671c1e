-- Cross-row checks of an indicators file: rows that pass every row check but contradict
-- another row of the same cell (region_code, year, indicator), in the file or among the facts
-- already loaded (the latest counted batch of each key the file does not bring itself):
--   * shares of one whole (parliament_share, professional_share, income_share, earnings_share): P + L must be
--     100 within k.share_sum_tolerance percentage points;
--   * a total (T) of a rate or mean must lie between P and L, within k.consistency_tolerance
--     in the indicator's unit; a total of a count (persons) must be P + L within that
--     fraction (per cent) of the total, and a count's P or L, given alone, at most its T;
--   * an indicator of women only (its catalog sexes lack L: maternal mortality, adolescent
--     births) given both as P and as T must have one value.
-- Every row of the file in a contradicting cell is rejected, and the message names the lines
-- of both sides (a stored fact by its file, line and batch).
CREATE OR REPLACE TEMP TABLE cross_row AS
WITH k AS (
    SELECT max(value) FILTER (WHERE name = 'share_sum_tolerance') AS share_tol,
           max(value) FILTER (WHERE name = 'consistency_tolerance') AS total_tol
    FROM ref_constant
), f AS (
    SELECT c.line, c.region_code, c.year, c.indicator, c.sex, c.value
    FROM checked c ANTI JOIN dup d ON c.line = d.line
    WHERE c.ok
), s AS (
    SELECT r.region_code, r.year, r.indicator, r.sex, r.value, r.line, r.batch_id, b.file_name
    FROM raw_indicator r
    JOIN batch b ON b.batch_id = r.batch_id
    SEMI JOIN (SELECT DISTINCT region_code, year, indicator FROM f) x
        ON x.region_code = r.region_code AND x.year = r.year AND x.indicator = r.indicator
    WHERE r.batch_id IN (SELECT batch_id FROM counted_batch)
    QUALIFY row_number() OVER (PARTITION BY r.region_code, r.year, r.indicator, r.sex
                               ORDER BY r.batch_id DESC, r.line DESC) = 1
), v AS (
    SELECT region_code, year, indicator, sex, value, line, cross_place(line) AS place FROM f
    UNION ALL
    SELECT s.region_code, s.year, s.indicator, s.sex, s.value, NULL,
           s.file_name || ' line ' || s.line || ', batch ' || s.batch_id
    FROM s ANTI JOIN f ON f.region_code = s.region_code AND f.year = s.year
        AND f.indicator = s.indicator AND f.sex = s.sex
), cell AS (
    SELECT v.region_code, v.year, v.indicator, any_value(i.unit) AS unit,
           NOT list_contains(string_split(any_value(i.sexes), ';'), 'L') AS women_only,
           max(v.value) FILTER (WHERE v.sex = 'P') AS p, max(v.place) FILTER (WHERE v.sex = 'P') AS p_at,
           max(v.value) FILTER (WHERE v.sex = 'L') AS l, max(v.place) FILTER (WHERE v.sex = 'L') AS l_at,
           max(v.value) FILTER (WHERE v.sex = 'T') AS t, max(v.place) FILTER (WHERE v.sex = 'T') AS t_at
    FROM v JOIN ref_indicator i ON i.code = v.indicator
    GROUP BY v.region_code, v.year, v.indicator
), bad AS (
    SELECT c.region_code, c.year, c.indicator,
        CASE
        WHEN c.indicator IN ('parliament_share', 'professional_share', 'income_share', 'earnings_share')
             AND c.p IS NOT NULL AND c.l IS NOT NULL AND abs(c.p + c.l - 100) > k.share_tol
        THEN c.indicator || ' P ' || cross_num(c.p) || ' (' || c.p_at || ') and L ' || cross_num(c.l) || ' (' || c.l_at
             || ') add up to ' || cross_num(c.p + c.l) || ' (expected 100 within ' || cross_num(k.share_tol)
             || ': the shares of women and men of one whole)'
        WHEN c.unit <> 'persons' AND c.p IS NOT NULL AND c.l IS NOT NULL AND c.t IS NOT NULL
             AND (c.t < least(c.p, c.l) - k.total_tol OR c.t > greatest(c.p, c.l) + k.total_tol)
        THEN c.indicator || ' T ' || cross_num(c.t) || ' (' || c.t_at || ') lies outside P ' || cross_num(c.p)
             || ' (' || c.p_at || ') and L ' || cross_num(c.l) || ' (' || c.l_at
             || ') (expected a total between the values of women and men, within ' || cross_num(k.total_tol) || ')'
        WHEN c.unit = 'persons' AND c.p IS NOT NULL AND c.l IS NOT NULL AND c.t IS NOT NULL
             AND abs(c.t - (c.p + c.l)) > k.total_tol / 100 * c.t
        THEN c.indicator || ' T ' || cross_num(c.t) || ' (' || c.t_at || ') is not P ' || cross_num(c.p)
             || ' (' || c.p_at || ') + L ' || cross_num(c.l) || ' (' || c.l_at || ') = ' || cross_num(c.p + c.l)
             || ' (expected the total of a count to be women + men, within ' || cross_num(k.total_tol) || '%)'
        WHEN c.unit = 'persons' AND c.t IS NOT NULL AND (c.p IS NULL) <> (c.l IS NULL)
             AND coalesce(c.p, c.l) > c.t * (1 + k.total_tol / 100)
        THEN c.indicator || CASE WHEN c.p IS NOT NULL THEN ' P ' ELSE ' L ' END || cross_num(coalesce(c.p, c.l))
             || ' (' || coalesce(c.p_at, c.l_at) || ') is more than T ' || cross_num(c.t) || ' (' || c.t_at
             || ') (expected a part of a count to be at most its total)'
        WHEN c.women_only AND c.p IS NOT NULL AND c.t IS NOT NULL AND abs(c.p - c.t) > k.total_tol
        THEN c.indicator || ' P ' || cross_num(c.p) || ' (' || c.p_at || ') and T ' || cross_num(c.t) || ' (' || c.t_at
             || ') differ (expected one value: the indicator is about women only, within ' || cross_num(k.total_tol) || ')'
        END AS reason
    FROM cell c CROSS JOIN k
)
SELECT f.line, 'value' AS "column", cross_num(f.value) AS value, b.reason
FROM f JOIN bad b ON b.region_code = f.region_code AND b.year = f.year AND b.indicator = f.indicator
WHERE b.reason IS NOT NULL;
