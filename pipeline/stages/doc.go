// Package stages runs setara's SQL transformations: it loads the stage and check files of
// queries/ (an fs.FS, queries.Stages by default), orders the stages by their declared
// dependencies, runs them and the checks between them on one connection inside one
// transaction, records the run (run, run_stage, run_check), and publishes a snapshot.
//
// A stage file queries/stages/LAYER/NAME.sql holds SQL statements; its header may declare
//
//	-- depends: staging_indicator, constants
//	-- creates: published.gender_index
//
// The stage is named after its file. "creates" names the table whose row count is logged and
// recorded. Intermediate tables are TEMP tables of the run's connection (temp.NAME); published
// tables go to the warehouse schema "published", which snapshot.Publish copies. A check file
// queries/checks/NAME.sql holds one query returning the offending
// rows (zero rows = pass) and declares "-- severity: blocking" or "-- severity: warning"; it
// runs as soon as the stages it depends on have run. A failing stage or blocking check rolls
// the whole run back: the published schema and the current snapshot stay as they were.
//
// The index formulas, goalposts and caps live in the SQL files and in data/constants.csv
// (table ref_constant), not in Go.
//
// It belongs to the write side (pipeline/); its SQL lives in queries/stages and queries/checks.
package stages
