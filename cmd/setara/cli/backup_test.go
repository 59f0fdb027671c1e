package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/setara-pug/setara/pipeline/snapshot/snapshottest"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

// dumpSnapshot is every table of the current snapshot of db, each row as text, in a fixed order.
func dumpSnapshot(t *testing.T, db string) map[string]string {
	t.Helper()
	snap := snapshottest.OpenCurrent(t, warehouse.PublishedDir(db))
	rows, err := snap.Query(`SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	out := map[string]string{}
	for _, tbl := range tables {
		var dump string
		q := fmt.Sprintf(`SELECT coalesce(string_agg(r, chr(10) ORDER BY r), '') FROM (SELECT CAST(t AS VARCHAR) AS r FROM %q t)`, tbl)
		if err := snap.QueryRow(q).Scan(&dump); err != nil {
			t.Fatalf("%s: %v", tbl, err)
		}
		out[tbl] = dump
	}
	return out
}

func TestBackupRestoresEveryViewAndTheBatchHistory(t *testing.T) {
	s := newSession(t)
	dir := t.TempDir()
	for i, body := range []string{
		"region_code,year,indicator,sex,value\n1275,2024,life_expectancy,P,74.5\n1275,2024,life_expectancy,L,70.25\n",
		"region_code,year,indicator,sex,value\n1275,2024,life_expectancy,P,76.25\n",
	} {
		f := filepath.Join(dir, fmt.Sprintf("v%d", i), "ahh.csv")
		writeTestFile(t, f, body)
		if code := s.run("ingest", f); code != ExitOK {
			t.Fatalf("ingest: %s", s.errOut.String())
		}
	}
	for _, args := range [][]string{{"run"}, {"retract", "2", "--reason", "wrong round"}, {"run"}, {"run", "--candidate"}} {
		if code := s.run(args...); code != ExitOK {
			t.Fatalf("%v: %s", args, s.errOut.String())
		}
	}
	s.out.Reset()
	s.run("batches", "--format", "csv")
	batches := s.out.String()

	out := filepath.Join(dir, "backups", "nightly")
	s.out.Reset()
	if code := s.run("backup", "--out", out); code != ExitOK || !strings.Contains(s.out.String(), "backup "+out) {
		t.Fatalf("backup: %d %s%s", code, s.out.String(), s.errOut.String())
	}
	if code := s.run("backup", "--out", out); code != ExitFailure || !strings.Contains(s.errOut.String(), "already exists") {
		t.Errorf("a second backup into the same directory: %d %s", code, s.errOut.String())
	}

	r := newSession(t)
	r.db = filepath.Join(dir, "restored", "setara.duckdb")
	if code := r.run("restore", "--from", out); code != ExitOK {
		t.Fatalf("restore: %d %s", code, r.errOut.String())
	}
	want, got := dumpSnapshot(t, s.db), dumpSnapshot(t, r.db)
	if len(want) < 10 {
		t.Fatalf("the snapshot has only %d tables", len(want))
	}
	for tbl, rows := range want {
		if got[tbl] != rows {
			t.Errorf("restored %s differs:\n%s\nwant:\n%s", tbl, got[tbl], rows)
		}
	}
	r.out.Reset()
	r.run("batches", "--format", "csv")
	if r.out.String() != batches || !strings.Contains(batches, "retracted") {
		t.Errorf("restored batch history:\n%s\nwant:\n%s", r.out.String(), batches)
	}
	if _, err := os.Stat(filepath.Join(warehouse.PublishedDir(r.db), "candidates", "run-000003.duckdb")); err != nil {
		t.Errorf("the waiting candidate was not restored: %v", err)
	}
	// The restored warehouse goes on: a run publishes from it.
	if code := r.run("run"); code != ExitOK {
		t.Errorf("run on the restored warehouse: %s", r.errOut.String())
	}
	if code := r.run("restore", "--from", out); code != ExitFailure || !strings.Contains(r.errOut.String(), "exists; restore into a new --db path") {
		t.Errorf("restore over a warehouse: %d %s", code, r.errOut.String())
	}
}
