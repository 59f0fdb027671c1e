// Package metrics builds the Prometheus exposition of a published snapshot.
//
// Build runs one SQL file per metric family (sql/*.sql, embedded) on a snapshot and writes the
// whole text exposition (HELP and TYPE lines, escaped labels, sorted series) into a []byte.
// Cache keeps that text for the current snapshot and is rebuilt from snapshot.Store.OnSwitch,
// so a scrape only copies bytes and a series that disappears from the data disappears from
// /metrics with the next snapshot. The metric names and labels are the contract in
// ARCHITECTURE.md "Metrics"; Grafana dashboards query them. The package Example wires a
// Cache to a snapshot.Store as the server does.
//
// Cardinality: gender_index series cover every year; indicator and gender-gap series only the
// latest year of each region and indicator unless Options.History is set.
//
// It belongs to the read side (dashboards/); its SQL lives beside it in sql/.
package metrics
