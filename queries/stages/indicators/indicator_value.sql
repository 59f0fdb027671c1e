-- The value of each indicator cell: the chosen candidate (published before microdata), with
-- its standard error, publication band and missing-value count (indicator_estimate.sql).
-- A view, not a copy: its rows are indicator_estimate's chosen ones, in that table's order
-- (region, year, indicator, sex). A view binds its names in its own schema, so the same
-- definition reads published.indicator_estimate here and the snapshot's indicator_estimate
-- once published (snapshot.Publish copies views as views). Copying the 189 K chosen rows of a
-- national 1 M-person run was a fifth of publish.
-- depends: indicator_estimate
-- creates: published.indicator_value
CREATE OR REPLACE VIEW published.indicator_value AS
SELECT region_code, year, indicator, sex, value, unit, source, n_unweighted, reliable, origin, batch_id,
       se, rse, ci_low, ci_high, n_effective, band, n_missing
FROM indicator_estimate
WHERE chosen;
