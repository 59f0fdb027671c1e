package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// childEnv makes the test binary act as the step command (see TestMain).
const childEnv = "SETARA_BENCH_STEP_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		if err := StepMain(context.Background(), os.Args[1:], os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	code := m.Run()
	if smoke.out != "" {
		os.RemoveAll(smoke.out)
	}
	os.Exit(code)
}

// smoke is the report of one run of the whole harness on a tiny national data set, shared by
// the tests that read it.
var smoke struct {
	once sync.Once
	out  string
	rep  *Report
	err  error
}

// smokeReport runs the harness once (the test binary as the step command, real wrk) and
// returns its report and output directory.
func smokeReport(t *testing.T) (*Report, string) {
	t.Helper()
	if _, err := os.Stat("/usr/bin/wrk"); err != nil {
		t.Fatalf("wrk is needed: %v", err)
	}
	smoke.once.Do(func() {
		smoke.out, smoke.err = os.MkdirTemp("", "setara-bench-smoke-")
		if smoke.err != nil {
			return
		}
		smoke.rep, smoke.err = Run(context.Background(), Options{
			Persons: []int{smokePersons}, Out: smoke.out, Years: []int{2024}, OPDs: 20, Activities: 60,
			MemoryLimit: "1GB", Connections: 4, WrkDuration: time.Second, RefreshWindow: time.Second,
			Command: []string{os.Args[0]}, Env: []string{childEnv + "=1"},
			CommandLine: "go test ./bench", Now: func() time.Time { return time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC) },
		})
	})
	if smoke.err != nil {
		t.Fatal(smoke.err)
	}
	return smoke.rep, smoke.out
}

const smokePersons = 2000

// TestSmoke runs the whole harness on a tiny national data set, with the test binary as the
// step command and real wrk, and checks that the report has every row for the persons count
// with its baseline; it asserts nothing about timings.
func TestSmoke(t *testing.T) {
	rep, out := smokeReport(t)
	const persons = smokePersons
	got := map[string]Row{}
	for _, r := range rep.Rows {
		if r.Persons != persons {
			t.Errorf("row %s: persons %d, want %d", r.ID, r.Persons, persons)
		}
		if _, dup := got[r.ID]; dup {
			t.Errorf("row %s twice", r.ID)
		}
		got[r.ID] = r
	}
	for _, id := range RowIDs {
		r, ok := got[id]
		if !ok {
			t.Errorf("no row %s", id)
			continue
		}
		if r.Value <= 0 {
			t.Errorf("row %s: value %v, want a positive measurement", id, r.Value)
		}
		if r.BaseVal != nil && (r.Ratio == nil || *r.BaseVal <= 0) {
			t.Errorf("row %s: baseline %v without a ratio", id, *r.BaseVal)
		}
		if r.Goal != "" && r.Met != "yes" && r.Met != "no" {
			t.Errorf("row %s: goal %q but met %q", id, r.Goal, r.Met)
		}
	}
	for _, id := range []string{"ingest_csv", "ingest_parquet", "run", "publish", "metrics_serve_latest", "api_indices_refresh", "rss_run"} {
		if got[id].BaseVal == nil {
			t.Errorf("row %s has no baseline", id)
		}
	}
	if len(rep.Datasets) != 1 || rep.Datasets[0].MicrodataRows != persons || rep.Datasets[0].Regions != 514 {
		t.Errorf("datasets %+v: want one with %d microdata rows over 514 regions", rep.Datasets, persons)
	}
	// The history exposition holds the latest-year series and more.
	if got["metrics_series_history"].Value < got["metrics_series_latest"].Value {
		t.Errorf("history series %v < latest %v", got["metrics_series_history"].Value, got["metrics_series_latest"].Value)
	}

	md, err := os.ReadFile(filepath.Join(out, ReportMarkdown))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rep.Rows {
		if !bytes.Contains(md, []byte("| "+r.Figure)) {
			t.Errorf("report.md has no row %q", r.Figure)
		}
	}
	var back Report
	js, err := os.ReadFile(filepath.Join(out, ReportJSON))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(js, &back); err != nil {
		t.Fatal(err)
	}
	if len(back.Rows) != len(rep.Rows) {
		t.Errorf("report.json has %d rows, want %d", len(back.Rows), len(rep.Rows))
	}
}

// TestChangeRows checks the rows of the evaluation, the retraction and the diff in the smoke
// report: each present, positive, beside a positive baseline, with the ratio of the two.
func TestChangeRows(t *testing.T) {
	rep, _ := smokeReport(t)
	got := map[string]Row{}
	for _, r := range rep.Rows {
		got[r.ID] = r
	}
	for _, tc := range []struct {
		id, unit string
	}{{"run_evaluation", "s"}, {"retract_run", "s"}, {"diff_snapshots", "s"}, {"rss_diff", "MiB"}} {
		r, ok := got[tc.id]
		switch {
		case !ok:
			t.Errorf("no row %s", tc.id)
		case r.Unit != tc.unit || r.Value <= 0:
			t.Errorf("row %s: %v %s, want a positive value in %s", tc.id, r.Value, r.Unit, tc.unit)
		case r.BaseVal == nil || *r.BaseVal <= 0 || r.Ratio == nil:
			t.Errorf("row %s: baseline %v, ratio %v: want a positive baseline and a ratio", tc.id, r.BaseVal, r.Ratio)
		case math.Abs(*r.Ratio - r.Value / *r.BaseVal) > 1e-9 || r.RatioOf != "value / baseline":
			t.Errorf("row %s: ratio %v (%s), want value / baseline = %v", tc.id, *r.Ratio, r.RatioOf, r.Value / *r.BaseVal)
		case r.Goal != "" || r.Met != "":
			t.Errorf("row %s: goal %q, met %q: no goal was set", tc.id, r.Goal, r.Met)
		}
	}
	// The evaluation row runs more stages with the evaluation than without, and the diff
	// finds the values the retraction took back.
	for _, want := range []struct{ id, text string }{
		{"run_evaluation", " stages; "}, {"retract_run", "a correction batch of "}, {"diff_snapshots", " values changed, "},
	} {
		if !strings.Contains(got[want.id].Note, want.text) {
			t.Errorf("row %s: note %q, want it to mention %q", want.id, got[want.id].Note, want.text)
		}
	}
	if strings.HasPrefix(got["diff_snapshots"].Note, "before and after the retraction: 0 ") {
		t.Errorf("diff row: %q: the retraction changed no value", got["diff_snapshots"].Note)
	}
}

func TestParseWrk(t *testing.T) {
	sample, err := os.ReadFile("testdata/wrk_latency.txt")
	if err != nil {
		t.Fatal(err)
	}
	got, err := parseWrk(string(sample))
	if err != nil {
		t.Fatal(err)
	}
	want := WrkResult{Requests: 1100, RequestsSec: 1097.25, P50: 0.63591, P99: 1500, Non2xx: 5, SocketErrs: 19}
	if diff := fmt.Sprintf("%+v", got); diff != fmt.Sprintf("%+v", want) {
		t.Errorf("parseWrk = %s\nwant %+v", diff, want)
	}
	if _, err := parseWrk(strings.Replace(string(sample), "Latency Distribution", "", 1)[:200]); err == nil {
		t.Error("output without a latency distribution parsed")
	}
}

func TestParseDuration(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
		bad  bool
	}{
		{"635.91us", 0.63591, false},
		{"1.04ms", 1.04, false},
		{"2.00s", 2000, false},
		{"1.50m", 90000, false},
		{"12", 0, true},
		{"x.yms", 0, true},
	} {
		got, err := parseDuration(tc.in)
		if (err != nil) != tc.bad {
			t.Errorf("%s: err %v, want error %v", tc.in, err, tc.bad)
			continue
		}
		if diff := got - tc.want; diff > 1e-9 || diff < -1e-9 {
			t.Errorf("%s = %v ms, want %v", tc.in, got, tc.want)
		}
	}
}

func TestNewRowGoals(t *testing.T) {
	for _, tc := range []struct {
		name      string
		value     float64
		base      float64
		inverse   bool
		g         *goal
		wantRatio float64 // -1: none
		wantMet   string
	}{
		{"ingest fast enough", 95, 100, false, &goal{onRatio: true, atLeast: true, limit: 0.9}, 0.95, "yes"},
		{"ingest too slow", 80, 100, false, &goal{onRatio: true, atLeast: true, limit: 0.9}, 0.8, "no"},
		{"run overhead", 13, 10, false, &goal{onRatio: true, limit: 1.2}, 1.3, "no"},
		{"inverse rate", 50, 100, true, &goal{onRatio: true, limit: 2}, 2, "yes"},
		{"value goal", 120, -1, false, &goal{limit: 100}, -1, "no"},
		{"no goal", 3, 6, false, nil, 0.5, ""},
		{"ratio goal without baseline", 3, -1, false, &goal{onRatio: true, limit: 1}, -1, "no"},
	} {
		r := row(1, "x", tc.name, tc.value, "s").vs("b", tc.base, tc.inverse).judged(tc.g)
		if tc.wantRatio < 0 {
			if r.Ratio != nil {
				t.Errorf("%s: ratio %v, want none", tc.name, *r.Ratio)
			}
		} else if r.Ratio == nil || *r.Ratio-tc.wantRatio > 1e-9 || tc.wantRatio-*r.Ratio > 1e-9 {
			t.Errorf("%s: ratio %v, want %v", tc.name, r.Ratio, tc.wantRatio)
		}
		if r.Met != tc.wantMet {
			t.Errorf("%s: met %q, want %q", tc.name, r.Met, tc.wantMet)
		}
	}
}

// TestMarkdownGolden renders a fixed two-size report; refresh with -update and read the diff.
func TestMarkdownGolden(t *testing.T) {
	rep := &Report{
		Machine:     Machine{Date: "2026-01-02 03:04 UTC", CPUs: 2, CPUModel: "Test CPU", MemTotal: "8.0 GiB", LoadBefore: "0.10 0.20 0.30", LoadAfter: "1.00 0.50 0.40", GoVersion: "go1.x"},
		Command:     "setara bench --persons 1000,10000",
		MemoryLimit: "1GB", Connections: 32, WrkSeconds: 10,
		Datasets: []Dataset{
			{Persons: 1000, Years: []int{2015, 2024}, Regions: 514, OPDs: 500, MicrodataRows: 1000, CSVBytes: 61000, ParquetBytes: 20000, IndicatorBytes: 3 << 20, GenerateSecs: 1.5},
			{Persons: 10000, Years: []int{2015, 2024}, Regions: 514, OPDs: 500, MicrodataRows: 10000, CSVBytes: 610000, ParquetBytes: 200000, IndicatorBytes: 3 << 20},
		},
	}
	for _, n := range []int{1000, 10000} {
		k := float64(n) / 1000
		rep.Rows = append(rep.Rows,
			row(n, "ingest_csv", "ingest microdata CSV", 90000*k, "rows/s").vs("read_csv", 100000*k, false).judged(&goal{onRatio: true, atLeast: true, limit: 0.9}),
			row(n, "run", "full run", 2*k, "s").vs("bare", 1.8*k, false).judged(&goal{onRatio: true, limit: 1.2}),
			row(n, "metrics_size_latest", "/metrics size | default", 4.2e6, "B"),
			row(n, "rss_run", "peak RSS, run", 300*k, "MiB").vs("bare", 290*k, false).judged(&goal{limit: 2048}),
		)
	}
	rep.Rows[0].Note = "1.00 s vs 0.90 s"
	var buf bytes.Buffer
	if err := rep.WriteMarkdown(&buf); err != nil {
		t.Fatal(err)
	}
	golden := "testdata/report.md.golden"
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("markdown differs from %s (run with -update and read the diff):\n%s", golden, buf.String())
	}
}

// TestOwnPeakRSS: a step reads its own peak resident set from /proc/self/status; after this
// test allocates and touches 64 MiB, the peak is at least that.
func TestOwnPeakRSS(t *testing.T) {
	b := make([]byte, 64<<20)
	for i := range b {
		b[i] = 1
	}
	if got := ownPeakRSS(); got < 64 {
		t.Errorf("ownPeakRSS() = %.1f MiB after touching 64 MiB", got)
	}
	_ = b[len(b)-1]
}
