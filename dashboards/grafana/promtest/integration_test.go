package promtest

import (
	"context"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/setara-pug/setara/dashboards/grafana"
)

// moduleRoot is the repository root, three levels up from this package.
const moduleRoot = "../../.."

// TestDashboardsAgainstSetaraServe is the end-to-end proof: the real setara binary with the
// demo data, scraped by a real Prometheus with the generated configuration; every target of
// every panel returns data, the generated files pass promtool (including the rules' unit
// tests), and no alert is pending or firing for the healthy server.
func TestDashboardsAgainstSetaraServe(t *testing.T) {
	requireTool(t, prometheusBin)
	requireTool(t, promtoolBin)
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build setara: %v", err)
	}
	tmp := t.TempDir()
	setara := filepath.Join(tmp, "setara")
	root, err := filepath.Abs(moduleRoot)
	if err != nil {
		t.Fatal(err)
	}
	run(t, root, goBin, "build", "-tags", "duckdb_arrow", "-o", setara, "./cmd/setara")

	db := filepath.Join(tmp, "w.duckdb")
	run(t, tmp, setara, "--db", db, "demo")
	addr := freeAddr(t)
	start(t, filepath.Join(tmp, "setara.log"), setara, "--db", db, "serve", "--addr", addr)
	client := &http.Client{Timeout: 5 * time.Second}
	waitFor(t, "setara serve to expose /metrics", 2*time.Minute, func() error {
		status, body, err := getBody(context.Background(), client, "http://"+addr+"/metrics")
		if err != nil {
			return err
		}
		if status != http.StatusOK || !strings.Contains(string(body), "setara_snapshot_info") {
			return fmt.Errorf("/metrics: HTTP %d without setara_snapshot_info: %.300s", status, body)
		}
		return nil
	})

	cfg := writeTree(t, filepath.Join(tmp, "tree"), addr)
	api := startPrometheus(t, tmp, cfg)
	scraped := time.Now()

	evaluated := checkDashboards(t, api)
	dashboards, err := grafana.Dashboards()
	if err != nil {
		t.Fatal(err)
	}
	targets := 0
	for _, d := range dashboards {
		for _, p := range d.Panels() {
			targets += len(p.Targets)
		}
	}
	if evaluated < targets {
		t.Errorf("evaluated %d expressions, fewer than the %d panel targets", evaluated, targets)
	}
	t.Logf("evaluated %d expressions (%d panel targets)", evaluated, targets)
	checkAlerts(t, api, scraped)
}
