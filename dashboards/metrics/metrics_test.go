package metrics

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/setara-pug/setara/pipeline/snapshot/snapshottest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("exposition differs from %s (run with -update and read the diff):\n%s", path, got)
	}
}

func TestBuildGolden(t *testing.T) {
	db := snapshottest.Snapshot(t)
	for _, tc := range []struct {
		name string
		opts Options
	}{
		{"fixture.prom", Options{}},
		{"fixture_history.prom", Options{History: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text, err := Build(context.Background(), db, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tc.name, text)
		})
	}
}

// TestBuildCardinality checks the history switch independently of the golden files.
func TestBuildCardinality(t *testing.T) {
	db := snapshottest.Snapshot(t)
	count := func(text []byte, prefix string) int {
		n := 0
		for _, l := range strings.Split(string(text), "\n") {
			if strings.HasPrefix(l, prefix+"{") {
				n++
			}
		}
		return n
	}
	latest, err := Build(context.Background(), db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	all, err := Build(context.Background(), db, Options{History: true})
	if err != nil {
		t.Fatal(err)
	}
	// fixture.sql: 7 indicator rows; life_expectancy of 1275 has 2022 and 2023.
	if got := count(latest, "setara_indicator_value"); got != 5 {
		t.Errorf("latest: %d indicator series, want 5", got)
	}
	if got := count(all, "setara_indicator_value"); got != 7 {
		t.Errorf("history: %d indicator series, want 7", got)
	}
	// gender_index: all years always, NULL values left out (3 of 4 rows).
	if a, b := count(latest, "setara_gender_index"), count(all, "setara_gender_index"); a != 3 || b != 3 {
		t.Errorf("gender_index series %d / %d, want 3 / 3", a, b)
	}
}

func TestBuildKeepsOtherFamiliesWhenATableIsMissing(t *testing.T) {
	w := snapshottest.NewWarehouse(t)
	w.Exec("DROP TABLE published.program_summary")
	db := openSnapshot(t, w.Publish(1))
	text, err := Build(context.Background(), db, Options{})
	if err == nil || !strings.Contains(err.Error(), "program_budget.sql") {
		t.Errorf("err = %v, want the failing file named", err)
	}
	if !bytes.Contains(text, []byte("setara_gender_index{")) || bytes.Contains(text, []byte("setara_program_budget_rupiah")) {
		t.Errorf("exposition:\n%s", text)
	}
}

// TestPromtoolAcceptsExposition runs Debian's promtool on the exposition (integration test).
func TestPromtoolAcceptsExposition(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: needs promtool; the full run (./scripts/test) fails without it")
	}
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		t.Fatalf("promtool is needed for this test (apt-get install prometheus): %v", err)
	}
	db := snapshottest.Snapshot(t)
	for _, opts := range []Options{{}, {History: true}} {
		text, err := Build(context.Background(), db, opts)
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(promtool, "check", "metrics")
		cmd.Stdin = bytes.NewReader(text)
		out, err := cmd.CombinedOutput()
		if err != nil || len(bytes.TrimSpace(out)) > 0 {
			t.Errorf("promtool check metrics: %v\n%s", err, out)
		}
	}
}

func TestLabelEscaping(t *testing.T) {
	var b bytes.Buffer
	writeLabelValue(&b, "a\\b\"c\nd")
	if got, want := b.String(), `a\\b\"c\nd`; got != want {
		t.Errorf("escaped %q, want %q", got, want)
	}
}

// A survey estimate flagged unreliable, and a gap with such a side, never reach /metrics as
// numbers; its relative standard error does, with its band.
func TestUnreliableEstimatesAreNotExposed(t *testing.T) {
	w := snapshottest.NewWarehouse(t)
	w.Exec(`INSERT INTO published.indicator_value (region_code, year, indicator, sex, value, unit, source, n_unweighted,
			reliable, origin, batch_id, band, rse) VALUES
		('1275010', 2024, 'labour_force_participation', 'P', 31.25, 'percent', 'survey', 12, false, 'microdata', 3, 'suppress', 0.61),
		('1275010', 2024, 'labour_force_participation', 'L', 77.5, 'percent', 'survey', 14, true, 'microdata', 3, 'caution', 0.3);
		INSERT INTO published.gender_gap (region_code, year, indicator, female, male, ratio, difference, unit)
		VALUES ('1275010', 2024, 'labour_force_participation', 31.25, 77.5, 0.4032258, -46.25, 'percent');`)
	db := openSnapshot(t, w.Publish(3))
	text, err := Build(context.Background(), db, Options{History: true})
	if err != nil {
		t.Fatal(err)
	}
	series := map[string]bool{} // metric, sex, year, band and value of the kecamatan's series
	for _, line := range strings.Split(string(text), "\n") {
		if !strings.Contains(line, `region="1275010"`) {
			continue
		}
		name, _, _ := strings.Cut(line, "{")
		key := name
		for _, label := range []string{"sex", "year", "band"} {
			if i := strings.Index(line, label+`="`); i >= 0 {
				v, _, _ := strings.Cut(line[i+len(label)+2:], `"`)
				key += " " + label + "=" + v
			}
		}
		series[key+" "+line[strings.LastIndex(line, " ")+1:]] = true
	}
	for _, bad := range []string{"setara_indicator_value sex=P year=2024 31.25", "setara_gender_gap_ratio year=2024 0.4032258"} {
		if series[bad] {
			t.Errorf("/metrics exposes %s", bad)
		}
	}
	for _, want := range []string{"setara_indicator_value sex=L year=2024 77.5", "setara_indicator_rse sex=P year=2024 band=suppress 0.61",
		"setara_indicator_rse sex=L year=2024 band=caution 0.3"} {
		if !series[want] {
			t.Errorf("/metrics lacks %s (has %v)", want, series)
		}
	}
}
