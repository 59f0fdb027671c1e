-- Two published tables become views, so that publish copies fewer rows into each snapshot:
-- published.indicator_value, indicator_estimate's chosen rows
-- (queries/stages/indicators/indicator_value.sql), and published.index_input_fact,
-- index_input_row with the indicators' labels and the batches' file names
-- (queries/stages/publish/index_input_fact.sql). A view cannot replace a table of the same
-- name, so the tables a run before this version made go; the next run creates the views. They
-- held nothing the other published tables do not, and every published snapshot keeps its own.
DROP TABLE IF EXISTS published.indicator_value;
DROP TABLE IF EXISTS published.index_input_fact;
