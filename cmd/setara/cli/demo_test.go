package cli

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/setara-pug/setara/dashboards/present"
)

// TestDemoLoadsRunsAndPublishes runs `setara demo` twice on a fresh warehouse: the first run
// loads every file with zero rejected rows and publishes a snapshot with Kota Medan's indices;
// the second finds the files unchanged and publishes again.
func TestDemoLoadsRunsAndPublishes(t *testing.T) {
	ctx := context.Background()
	s := newSession(t)
	out, errOut := &s.out, &s.errOut
	if code := s.run("demo", "--persons", "30000"); code != ExitOK {
		t.Fatalf("demo: exit %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errOut.String())
	}
	first := out.String()
	for _, file := range []string{"indicators.csv", "microdata.csv", "programs.csv"} {
		if !strings.Contains(first, file+": ") || !strings.Contains(first, file) {
			t.Errorf("no summary line for %s:\n%s", file, first)
		}
	}
	if strings.Count(first, " 0 rejected") != 5 {
		t.Errorf("want five files (regions are built in) with 0 rejected rows:\n%s", first)
	}
	if !strings.Contains(first, "run 1 succeeded") || !strings.Contains(first, "Kota Medan 2024: IPG ") {
		t.Errorf("demo output:\n%s", first)
	}

	snap, _, err := (&Env{dbFlag: s.db}).OpenSnapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var rejected, medanIndices, years int
	var demoFlag bool
	queries := []struct {
		q    string
		dest any
	}{
		{"SELECT count(*) FROM rejected_rows", &rejected},
		{"SELECT count(*) FROM gender_index WHERE region_code = '1275' AND index_code IN ('ipg', 'idg', 'ikg') AND value IS NOT NULL", &medanIndices},
		{"SELECT count(DISTINCT year) FROM gender_index WHERE region_code = '1275' AND index_code = 'ikg'", &years},
		{"SELECT demo FROM snapshot_info", &demoFlag},
	}
	for _, q := range queries {
		if err := snap.QueryRowContext(ctx, q.q).Scan(q.dest); err != nil {
			t.Fatalf("%s: %v", q.q, err)
		}
	}
	snap.Close()
	if rejected != 0 {
		t.Errorf("%d rejected rows published", rejected)
	}
	if medanIndices != 3*7 || years != 7 {
		t.Errorf("Kota Medan has %d IPG/IDG/IKG values over %d years, want 21 over 2018-2024", medanIndices, years)
	}
	if !demoFlag {
		t.Error("snapshot_info.demo is false after setara demo")
	}

	out.Reset()
	if code := s.run("demo", "--persons", "30000"); code != ExitOK {
		t.Fatalf("second demo: exit %d\nstderr:\n%s", code, errOut.String())
	}
	if n := strings.Count(out.String(), "unchanged"); n != 5 {
		t.Errorf("second demo: %d files unchanged, want 5:\n%s", n, out.String())
	}
	if !strings.Contains(out.String(), "run 2 succeeded") {
		t.Errorf("second demo output:\n%s", out.String())
	}
}

func TestDemoRejectsNegativePersons(t *testing.T) {
	s := newSession(t)
	if code := s.run("demo", "--persons", "-1"); code != ExitUsage {
		t.Errorf("exit %d, want %d (usage); stderr %s", code, ExitUsage, s.errOut.String())
	}
}

// TestDemoHeadlineUsesPresentForms: the demo summary prints figures in present's forms.
func TestDemoHeadlineUsesPresentForms(t *testing.T) {
	f := func(v float64) sql.NullFloat64 { return sql.NullFloat64{Float64: v, Valid: true} }
	h := headline{indexYear: sql.NullInt64{Int64: 2024, Valid: true}, programYear: sql.NullInt64{Int64: 2024, Valid: true},
		ipg: f(94.75), idg: f(1234.5), opds: 3, budget: f(412.5e9), responsive: f(0.383 * 412.5e9)}
	want := "Kota Medan 2024: IPG 94.75, IDG 1,234.50, IKG " + present.Missing + " (data contoh, sintetis)\n" +
		"OPD programs 2024: 3 OPDs, budget " + present.EN.RupiahCompact(412.5e9) + ", " + present.EN.Percent(0.383, 1) + " gender responsive\n"
	if got := h.text(present.EN); got != want {
		t.Errorf("headline:\n%q\nwant\n%q", got, want)
	}
	if !strings.Contains(want, "Rp 412.5 billion, 38.3% gender") {
		t.Errorf("present's English forms changed: %q", want)
	}
}
