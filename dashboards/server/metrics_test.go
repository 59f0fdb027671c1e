package server

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// TestMetricsEndpointPassesPromtool checks the whole /metrics answer (snapshot part plus the
// registry with Go and process collectors) with promtool (integration test).
func TestMetricsEndpointPassesPromtool(t *testing.T) {
	promtool := requireTool(t, "promtool", "-short: needs promtool; the full run (./scripts/test) fails without it",
		"promtool is needed for this test (apt-get install prometheus)")
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	refreshes := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "setara_refresh_files_total", Help: "Files taken by refreshes."}, []string{"outcome"})
	refreshes.WithLabelValues("loaded").Add(3)
	reg.MustRegister(refreshes)
	f := newFixture(t, Options{Registry: reg, MetricsHistory: true}, true)
	rec := f.do(t, call{path: "/metrics"})
	if rec.Code != 200 || !bytes.Contains(rec.Body.Bytes(), []byte(`setara_refresh_files_total{outcome="loaded"} 3`)) {
		t.Fatalf("%d\n%s", rec.Code, rec.Body)
	}
	cmd := exec.Command(promtool, "check", "metrics")
	cmd.Stdin = bytes.NewReader(rec.Body.Bytes())
	out, err := cmd.CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Errorf("promtool check metrics: %v\n%s", err, out)
	}
}

// BenchmarkMetricsScrape serves GET /metrics through the whole handler (auth, headers,
// snapshot holding, cached exposition); compare with BenchmarkStaticBytes.
func BenchmarkMetricsScrape(b *testing.B) {
	f := newFixture(b, Options{}, true)
	h := f.srv.Handler()
	req := httptest.NewRequest("GET", "/metrics", nil)
	size := 0
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		size = rec.Body.Len()
	}
	b.SetBytes(int64(size))
}

// BenchmarkStaticBytes serves a static []byte of the same size as the exposition.
func BenchmarkStaticBytes(b *testing.B) {
	f := newFixture(b, Options{}, true)
	body := bytes.Repeat([]byte("x"), len(f.srv.metrics.Bytes()))
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		w.Write(body)
	})
	req := httptest.NewRequest("GET", "/metrics", nil)
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
	}
	b.SetBytes(int64(len(body)))
}
