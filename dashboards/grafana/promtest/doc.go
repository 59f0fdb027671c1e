// Package promtest proves the generated Grafana dashboards and Prometheus files against real
// programs: it builds setara, loads the demo data, runs `setara serve`, starts
// /usr/bin/prometheus with the generated scrape configuration and rules, and evaluates every
// target expression of every panel through Prometheus's HTTP API with each template variable
// set the way Grafana sets it on first load. It also runs promtool on the generated files.
//
// The package has only tests. They fail, rather than skip, when prometheus or promtool is
// missing (apt-get install prometheus).
//
// It belongs to the read side (dashboards/) and exists for tests only.
package promtest
