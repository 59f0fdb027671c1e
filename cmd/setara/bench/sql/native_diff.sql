-- The yardstick of the diff row: the rows of the published tables queries/diff/values.sql
-- reads that are in one snapshot (attached as d_old and d_new) and not in the other, both
-- ways, by DuckDB's own EXCEPT of whole rows.
SELECT sum(n)::BIGINT FROM (
    SELECT count(*) AS n FROM (FROM d_old.gender_index EXCEPT FROM d_new.gender_index)
    UNION ALL SELECT count(*) FROM (FROM d_new.gender_index EXCEPT FROM d_old.gender_index)
    UNION ALL SELECT count(*) FROM (FROM d_old.indicator_value EXCEPT FROM d_new.indicator_value)
    UNION ALL SELECT count(*) FROM (FROM d_new.indicator_value EXCEPT FROM d_old.indicator_value)
    UNION ALL SELECT count(*) FROM (FROM d_old.gender_gap EXCEPT FROM d_new.gender_gap)
    UNION ALL SELECT count(*) FROM (FROM d_new.gender_gap EXCEPT FROM d_old.gender_gap)
    UNION ALL SELECT count(*) FROM (FROM d_old.opd_ranking EXCEPT FROM d_new.opd_ranking)
    UNION ALL SELECT count(*) FROM (FROM d_new.opd_ranking EXCEPT FROM d_old.opd_ranking)
    UNION ALL SELECT count(*) FROM (FROM d_old.program_summary EXCEPT FROM d_new.program_summary)
    UNION ALL SELECT count(*) FROM (FROM d_new.program_summary EXCEPT FROM d_old.program_summary)
    UNION ALL SELECT count(*) FROM (FROM d_old.target_group_summary EXCEPT FROM d_new.target_group_summary)
    UNION ALL SELECT count(*) FROM (FROM d_new.target_group_summary EXCEPT FROM d_old.target_group_summary)
)
