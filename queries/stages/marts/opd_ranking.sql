-- OPD ranking of gender responsiveness per year, for the PUG coordination meeting:
-- score (0-100) = 100 * (w_responsive * responsive budget share
--                        + w_realization * realization rate (capped at 1)
--                        + w_output * output achievement (0 when no output is reported)),
-- weights in data/constants.csv. Rank 1 is the most responsive; ties share a rank.
-- depends: program_summary, constants
-- creates: published.opd_ranking
CREATE OR REPLACE TABLE published.opd_ranking AS
WITH scored AS (
    SELECT s.year, s.opd_code, s.opd_name,
           100 * (k.ranking_weight_responsive * coalesce(s.responsive_share, 0)
                  + k.ranking_weight_realization * least(coalesce(s.realization_rate, 0), 1.0)
                  + k.ranking_weight_output * coalesce(s.output_achievement, 0)) AS score,
           s.responsive_share, s.realization_rate, s.output_achievement, s.female_share
    FROM published.program_summary s
    CROSS JOIN temp.k k
)
SELECT year,
       rank() OVER (PARTITION BY year ORDER BY round(score, 9) DESC) AS rank,
       opd_code, opd_name, score, responsive_share, realization_rate, output_achievement, female_share
FROM scored
ORDER BY year, rank, opd_code;
