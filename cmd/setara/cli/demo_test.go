package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/setara-pug/setara/pipeline/snapshot"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

// TestDemoLoadsRunsAndPublishes runs `setara demo` twice on a fresh warehouse: the first run
// loads every file with zero rejected rows and publishes a snapshot with Kota Medan's indices;
// the second finds the files unchanged and publishes again.
func TestDemoLoadsRunsAndPublishes(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "w.duckdb")
	var out, errOut bytes.Buffer
	env := testEnv(&out, &errOut)
	if code := Execute(ctx, env, []string{"--db", db, "demo", "--persons", "30000"}); code != ExitOK {
		t.Fatalf("demo: exit %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errOut.String())
	}
	first := out.String()
	for _, file := range []string{"indicators.csv", "microdata.csv", "programs.csv"} {
		if !strings.Contains(first, file+": ") || !strings.Contains(first, file) {
			t.Errorf("no summary line for %s:\n%s", file, first)
		}
	}
	if strings.Count(first, " 0 rejected") != 3 {
		t.Errorf("want three files with 0 rejected rows:\n%s", first)
	}
	if !strings.Contains(first, "run 1 succeeded") || !strings.Contains(first, "Kota Medan 2024: IPG ") {
		t.Errorf("demo output:\n%s", first)
	}

	path, err := snapshot.Current(warehouse.PublishedDir(db))
	if err != nil {
		t.Fatal(err)
	}
	snap, err := snapshot.OpenReadOnly(ctx, path)
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
	if code := Execute(ctx, env, []string{"--db", db, "demo", "--persons", "30000"}); code != ExitOK {
		t.Fatalf("second demo: exit %d\nstderr:\n%s", code, errOut.String())
	}
	if n := strings.Count(out.String(), "unchanged"); n != 3 {
		t.Errorf("second demo: %d files unchanged, want 3:\n%s", n, out.String())
	}
	if !strings.Contains(out.String(), "run 2 succeeded") {
		t.Errorf("second demo output:\n%s", out.String())
	}
}

func TestDemoRejectsNegativePersons(t *testing.T) {
	var out, errOut bytes.Buffer
	db := filepath.Join(t.TempDir(), "w.duckdb")
	if code := Execute(context.Background(), testEnv(&out, &errOut), []string{"--db", db, "demo", "--persons", "-1"}); code != ExitUsage {
		t.Errorf("exit %d, want %d (usage); stderr %s", code, ExitUsage, errOut.String())
	}
}
