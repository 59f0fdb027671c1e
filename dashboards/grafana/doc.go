// Package grafana builds setara's Grafana dashboards as Go code (grafana-foundation-sdk typed
// builders) and writes a ready-to-mount tree: dashboard JSON, Grafana provisioning for the
// Prometheus datasource and the dashboards, and the Prometheus scrape configuration with
// setara's alerting rules.
//
// The dashboards read only the metrics of ARCHITECTURE.md ("Metrics"); every panel target has
// an explicit refId and goes to the datasource with the fixed uid DatasourceUID. The output is
// deterministic (sorted JSON keys, no timestamps), so the tree committed under
// dashboards/provisioning is compared byte for byte with the generator by the tests.
//
// Regenerate the committed tree with:
//
//	go run -tags duckdb_arrow ./cmd/setara dashboards --out dashboards/provisioning
//
// Example:
//
//	err := grafana.Write("out", grafana.Options{}) // defaults: http://prometheus:9090, 127.0.0.1:8080
//
// It belongs to the read side (dashboards/): the dashboards read only the metrics of
// dashboards/metrics.
package grafana

//go:generate go run -tags duckdb_arrow ../../cmd/setara dashboards --out ../provisioning
