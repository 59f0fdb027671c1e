-- Kinds without cross-row checks: no row is rejected for another row.
CREATE OR REPLACE TEMP TABLE cross_row (line BIGINT, "column" VARCHAR, value VARCHAR, reason VARCHAR);
