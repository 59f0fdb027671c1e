// Package metrics builds the Prometheus exposition of a published snapshot.
//
// Build runs one SQL file per metric family (sql/*.sql, embedded) on a snapshot and writes the
// whole text exposition (HELP and TYPE lines, escaped labels, sorted series) into a []byte.
// Cache keeps that text for the current snapshot and is rebuilt from snapshot.Store.OnSwitch,
// so a scrape only copies bytes and a series that disappears from the data disappears from
// /metrics with the next snapshot. The metric names and labels are the contract in
// ARCHITECTURE.md "Metrics"; Grafana dashboards query them.
//
//	cache := metrics.NewCache(metrics.Options{}, logger)
//	store.OnSwitch(func(r *snapshot.Reader) { cache.Rebuild(ctx, r.DB) })
//	w.Write(cache.Bytes())
//
// Cardinality: gender_index series cover every year; indicator and gender-gap series only the
// latest year of each region and indicator unless Options.History is set.
package metrics
