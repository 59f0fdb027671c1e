-- $1 year: the OPD ranking as published.
SELECT CAST(rank AS BIGINT), opd_code, opd_name, score, responsive_share, realization_rate,
    output_achievement, female_share
FROM opd_ranking WHERE year = $1 ORDER BY rank, opd_code
