-- Building blocks of the index formulas (methods.md sections 1-4), as temporary macros on the
-- run's connection.
CREATE OR REPLACE TEMP MACRO clamp01(x) AS least(greatest(x, 0.0), 1.0);
-- Dimension index between goalposts, capped to [0, 1].
CREATE OR REPLACE TEMP MACRO dimension_index(x, lo, hi) AS clamp01((x - lo) / (hi - lo));
-- Dimension index on the natural-log scale (income), capped to [0, 1].
CREATE OR REPLACE TEMP MACRO ln_dimension_index(x, lo, hi) AS
    clamp01((ln(greatest(x, lo)) - ln(lo)) / (ln(hi) - ln(lo)));
-- HDI of one sex: geometric mean of health, education (mean of two indices) and income.
CREATE OR REPLACE TEMP MACRO hdi_by_sex(i_life, i_eys, i_mys, i_income) AS
    cbrt(i_life * (i_eys + i_mys) / 2 * i_income);
-- GII/IKG core (methods.md 2.3-2.6), term by term so the derivation can show each: G_f and
-- G_m the geometric means by sex (Health_m = 1), HARM their harmonic mean, G_fm the reference
-- standard; shares in percent (any common unit gives the same result).
CREATE OR REPLACE TEMP MACRO inequality_g_f(health_f, emp_f, lfpr_f) AS cbrt(health_f * emp_f * lfpr_f);
CREATE OR REPLACE TEMP MACRO inequality_g_m(emp_m, lfpr_m) AS cbrt(emp_m * lfpr_m);
CREATE OR REPLACE TEMP MACRO inequality_harm(g_f, g_m) AS 2 / (1 / g_f + 1 / g_m);
CREATE OR REPLACE TEMP MACRO inequality_g_fm(health_f, emp_f, emp_m, lfpr_f, lfpr_m) AS
    cbrt(((health_f + 1) / 2) * ((emp_f + emp_m) / 2) * ((lfpr_f + lfpr_m) / 2));
-- EDEP with epsilon 2: the population-weighted harmonic mean of a pair of values.
CREATE OR REPLACE TEMP MACRO edep(pop_share_f, x_f, x_m) AS
    1 / (pop_share_f / x_f + (1 - pop_share_f) / x_m);
