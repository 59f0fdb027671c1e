package refresh

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/setara-pug/setara/pipeline/internal/csvtest"
	"github.com/setara-pug/setara/pipeline/snapshot"
	"github.com/setara-pug/setara/pipeline/snapshot/snapshottest"
	"github.com/setara-pug/setara/pipeline/warehouse"
	"github.com/setara-pug/setara/queries"
)

// withCheck is the embedded stages and checks plus one more check file.
func withCheck(t *testing.T, name, body string) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(queries.Stages, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(queries.Stages, p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	m["checks/"+name+".sql"] = &fstest.MapFile{Data: []byte(body)}
	return m
}

// A check ingest cannot catch: a life expectancy of exactly 66.6 years is fine for every row
// check, but this test's blocking check refuses it.
const poisonCheck = `-- No life expectancy of exactly 66.6 years (a test-only check).
-- severity: blocking
-- depends: indicator_value
SELECT region_code, year, indicator, sex, value
FROM published.indicator_value
WHERE indicator = 'life_expectancy' AND value = 66.6
ORDER BY region_code, year, sex
`

func batchStandings(t *testing.T, dbPath string) map[string]warehouse.Batch {
	t.Helper()
	w, err := warehouse.Open(context.Background(), dbPath, func() time.Time { return t0 })
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	list, err := warehouse.Batches(context.Background(), w.DB)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]warehouse.Batch{}
	for _, b := range list {
		out[b.File] = b
	}
	return out
}

// When a blocking check fails on the facts of one new batch, that batch is quarantined, its
// file goes to failed/ with the explanation in terms of its own lines, the other new batches
// are published, and the next refresh succeeds.
func TestRefreshQuarantinesTheFileThatFailsABlockingCheck(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "w.duckdb")
	r := New(Options{DBPath: dbPath, Now: func() time.Time { return t0 }, StagesFS: withCheck(t, "test_no_66_6", poisonCheck)})
	defer r.Close()
	old := t0.Add(-time.Hour)
	writeFile(t, filepath.Join(r.Inbox(), "base.csv"),
		"region_code,year,indicator,sex,value\n1275,2022,life_expectancy,P,74\n", old)
	if rep, err := r.RunOnce(ctx); err != nil || rep.Status != StatusSucceeded {
		t.Fatalf("first refresh: %v, %+v", err, rep)
	}
	first, err := snapshot.Current(warehouse.PublishedDir(dbPath))
	if err != nil {
		t.Fatal(err)
	}

	writeFile(t, filepath.Join(r.Inbox(), "good.csv"),
		"region_code,year,indicator,sex,value\n1275,2024,life_expectancy,P,74.5\n1275,2024,life_expectancy,L,70.25\n", old)
	writeFile(t, filepath.Join(r.Inbox(), "other.csv"),
		"region_code,year,indicator,sex,value\n1275,2024,labour_force_participation,P,55\n", old)
	writeFile(t, filepath.Join(r.Inbox(), "poison.csv"),
		"region_code,year,indicator,sex,value\n1275,2023,labour_force_participation,P,54\n1275,2023,life_expectancy,P,66.6\n", old)
	rep, err := r.RunOnce(ctx)
	if err != nil {
		t.Fatalf("refresh with the poison file: %v", err)
	}
	if rep.Status != StatusPartial || rep.FailedFiles() != 1 || rep.Snapshot == "" {
		t.Errorf("report %+v: want partial, one failed file, a snapshot", rep)
	}
	var poison FileReport
	for _, f := range rep.Files {
		if f.Name == "poison.csv" {
			poison = f
		}
	}
	failed := filepath.Join(r.Inbox(), FailedDir, "2026-11-29", "poison.csv")
	if !poison.Quarantined || poison.Outcome != OutcomeFailed || poison.MovedTo != failed || poison.ErrorsFile != failed+".errors.csv" {
		t.Errorf("poison.csv report %+v", poison)
	}
	if _, err := os.Stat(failed); err != nil {
		t.Errorf("poison.csv not under failed/: %v", err)
	}
	if _, err := os.Stat(filepath.Join(r.Inbox(), ProcessedDir, "2026-11-29", "poison.csv")); err == nil {
		t.Errorf("poison.csv still under processed/")
	}
	recs := csvtest.Records(t, failed+".errors.csv")
	if len(recs) != 2 {
		t.Fatalf("errors file %q: want a header and the one line behind the failing row", recs)
	}
	if got := recs[1]; got[0] != "3" || got[1] != "value" || got[2] != "66.6" ||
		!strings.Contains(got[3], "life_expectancy P feeds it: blocking check test_no_66_6 (No life expectancy of exactly 66.6 years (a test-only check)) fails with this file: region_code 1275, year 2023, indicator life_expectancy, sex P, value 66.6") {
		t.Errorf("errors row %q", got)
	}
	if !strings.HasPrefix(poison.Reason, `poison.csv:3:value: field "66.6": life_expectancy P feeds it`) {
		t.Errorf("reason %q", poison.Reason)
	}

	b := batchStandings(t, dbPath)
	if b["poison.csv"].Standing != warehouse.StandingQuarantined || b["poison.csv"].ChangedBy != QuarantinedBy ||
		!strings.Contains(b["poison.csv"].Reason, "test_no_66_6") || b["poison.csv"].Accepted != 2 {
		t.Errorf("poison batch %+v: want quarantined by the refresh, with its check named and its rows kept", b["poison.csv"])
	}
	for _, name := range []string{"base.csv", "good.csv", "other.csv"} {
		if b[name].Standing != warehouse.StandingActive {
			t.Errorf("%s: %s, want active", name, b[name].Standing)
		}
	}

	// The good files are published; nothing of the quarantined file is.
	cur, err := snapshot.Current(warehouse.PublishedDir(dbPath))
	if err != nil || cur == first {
		t.Fatalf("current snapshot %s (%v): want a new one", cur, err)
	}
	db := snapshottest.OpenCurrent(t, warehouse.PublishedDir(dbPath))
	var n2024, n2023 int
	db.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE year = 2024), count(*) FILTER (WHERE year = 2023) FROM indicator_value`).Scan(&n2024, &n2023)
	if n2024 != 3 || n2023 != 0 {
		t.Errorf("published 2024 cells %d (want 3), 2023 cells %d (want 0)", n2024, n2023)
	}
	var standing string
	db.QueryRowContext(ctx, `SELECT standing FROM batch WHERE file_name = 'poison.csv'`).Scan(&standing)
	if standing != "quarantined" {
		t.Errorf("published batch standing of poison.csv = %q", standing)
	}

	// The next refresh succeeds.
	if rep, err := r.RunOnce(ctx); err != nil || rep.Status != StatusSucceeded {
		t.Errorf("next refresh: %v, %+v", err, rep)
	}

	// Dropped in again unchanged, the file is not taken for its quarantined batch: it loads
	// as a new batch, which is quarantined in turn.
	content, err := os.ReadFile(failed)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(r.Inbox(), "poison.csv"), string(content), old)
	rep, err = r.RunOnce(ctx)
	if err != nil || rep.Status != StatusPartial || len(rep.Files) != 1 || !rep.Files[0].Quarantined {
		t.Errorf("refresh of the same file again: %v, %+v", err, rep)
	}
	w, err := warehouse.Open(ctx, dbPath, func() time.Time { return t0 })
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	list, err := warehouse.Batches(ctx, w.DB)
	if err != nil {
		t.Fatal(err)
	}
	var poisons []string
	for _, b := range list {
		if b.File == "poison.csv" {
			poisons = append(poisons, b.Standing)
		}
	}
	if len(poisons) != 2 || poisons[0] != "quarantined" || poisons[1] != "quarantined" {
		t.Errorf("batches of poison.csv: %v, want two, both quarantined", poisons)
	}
}

// A blocking check that fails on facts no new file brought still fails the refresh and keeps
// the previous snapshot; nothing is quarantined.
func TestRefreshFailureNoFileExplainsKeepsTheSnapshot(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "w.duckdb")
	old := t0.Add(-time.Hour)
	plain := New(Options{DBPath: dbPath, Now: func() time.Time { return t0 }})
	writeFile(t, filepath.Join(plain.Inbox(), "old.csv"),
		"region_code,year,indicator,sex,value\n1275,2022,life_expectancy,P,66.6\n", old)
	if _, err := plain.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	plain.Close()
	first, _ := snapshot.Current(warehouse.PublishedDir(dbPath))

	r := New(Options{DBPath: dbPath, Now: func() time.Time { return t0 }, StagesFS: withCheck(t, "test_no_66_6", poisonCheck)})
	defer r.Close()
	writeFile(t, filepath.Join(r.Inbox(), "new.csv"),
		"region_code,year,indicator,sex,value\n1275,2024,life_expectancy,P,74.5\n", old)
	rep, err := r.RunOnce(ctx)
	if err == nil || !strings.Contains(err.Error(), "no new file explains it") ||
		!strings.Contains(err.Error(), "input facts: old.csv line 2 (batch 1) life_expectancy P = 66.6") {
		t.Fatalf("refresh: %v, want a failure naming old.csv line 2 that no new file explains", err)
	}
	if rep.FailedFiles() != 0 {
		t.Errorf("report %+v: no file should fail", rep)
	}
	if cur, _ := snapshot.Current(warehouse.PublishedDir(dbPath)); cur != first {
		t.Errorf("current snapshot %s, want %s kept", cur, first)
	}
	for name, b := range batchStandings(t, dbPath) {
		if b.Standing != warehouse.StandingActive {
			t.Errorf("%s: %s, want active", name, b.Standing)
		}
	}
}

// Two bad files among three new ones: both are quarantined, each with the row it brings.
func TestRefreshQuarantinesEachBadFile(t *testing.T) {
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "w.duckdb")
	r := New(Options{DBPath: dbPath, Now: func() time.Time { return t0 }, StagesFS: withCheck(t, "test_no_66_6", poisonCheck)})
	defer r.Close()
	old := t0.Add(-time.Hour)
	header := "region_code,year,indicator,sex,value\n"
	writeFile(t, filepath.Join(r.Inbox(), "good.csv"), header+"1275,2024,life_expectancy,P,74.5\n", old)
	writeFile(t, filepath.Join(r.Inbox(), "bad1.csv"), header+"1275,2021,life_expectancy,P,66.6\n", old)
	writeFile(t, filepath.Join(r.Inbox(), "bad2.csv"), header+"1275,2020,labour_force_participation,P,50\n1275,2020,life_expectancy,L,66.6\n", old)
	rep, err := r.RunOnce(ctx)
	if err != nil || rep.FailedFiles() != 2 || rep.Snapshot == "" {
		t.Fatalf("refresh: %v, %+v", err, rep)
	}
	for name, line := range map[string]string{"bad1.csv": "2", "bad2.csv": "3"} {
		recs := csvtest.Records(t, filepath.Join(r.Inbox(), FailedDir, "2026-11-29", name+".errors.csv"))
		if len(recs) != 2 || recs[1][0] != line || !strings.Contains(recs[1][3], "value 66.6") {
			t.Errorf("%s errors: %q, want line %s", name, recs, line)
		}
	}
	b := batchStandings(t, dbPath)
	if b["bad1.csv"].Standing != "quarantined" || b["bad2.csv"].Standing != "quarantined" || b["good.csv"].Standing != "active" {
		t.Errorf("standings: %+v", b)
	}
}
