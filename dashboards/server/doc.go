// Package server is setara's HTTP server: the mux, bearer-token roles, the read APIs, the
// analyst query API, /metrics, /healthz and snapshot switching.
//
// Every request acquires the snapshot that is current when it starts (snapshot.Store) and
// keeps it until it finishes, so a switch never mixes two snapshots in one response and a
// request in flight finishes on the old one; the answer names it in X-Setara-Snapshot. A
// background loop polls the published directory every PollInterval.
//
// The 200 answers of the pages and read APIs are cached per snapshot (cache.go). Concurrent
// requests for the same answer wait for one build instead of each building it. A new
// snapshot's landing page (both languages) and /api/indices are built during the switch,
// before any request reaches the snapshot, and Serve builds them for the snapshot it starts
// with.
//
// Routes and roles (viewer < analyst < admin):
//
//	GET  /healthz          anyone   {"snapshot", "age_seconds", "status"}; 503 without a snapshot or when stale
//	GET  /metrics          viewer   cached snapshot exposition + Options.Registry
//	GET  /api/indices      viewer   gender_index, filters region, year, index (JSON or CSV)
//	GET  /api/indicators   viewer   indicator_value, filters region, year, indicator, sex
//	POST /api/query        analyst  read-only SQL (dashboards/analyst): CSV, JSON or Arrow IPC stream
//	POST /api/refresh      admin    runs Options.Refresh, then switches to the new snapshot
//	/                      viewer   the web dashboard (dashboards/web)
//
// Without tokens the server only listens on loopback and treats every caller as an analyst.
//
// It belongs to the read side (dashboards/): it reads published snapshots only, never the
// warehouse.
package server
