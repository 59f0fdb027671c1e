// Package queries holds setara's SQL: the warehouse migrations and the transformation stages,
// embedded in the binary. Go code runs these files; it does not assemble SQL from values.
//
// It is the SQL wing (queries/): the write side's SQL (migrations, stages, checks, ingest). The
// read side's SQL lives beside its reader, in dashboards/*/sql.
package queries
