SELECT CAST(rank AS BIGINT), opd_code, opd_name, CAST(score AS DOUBLE), CAST(responsive_share AS DOUBLE),
       CAST(realization_rate AS DOUBLE), CAST(output_achievement AS DOUBLE), CAST(female_share AS DOUBLE)
FROM opd_ranking
WHERE year = ?
ORDER BY rank, opd_code;
