package cli

import (
	"context"
	"encoding/json"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/setara-pug/setara/pipeline/refresh"
	"github.com/setara-pug/setara/queries"
)

// Two versions of a file: the later wins; retracting it brings the earlier values back after
// the next run, `setara batches` shows it retracted with its reason, restore-batch undoes it.
func TestRetractAndRestoreTwoVersionsOfAFile(t *testing.T) {
	s := newSession(t)
	dir := t.TempDir()
	v1 := filepath.Join(dir, "v1", "tpak.csv")
	v2 := filepath.Join(dir, "v2", "tpak.csv")
	writeTestFile(t, v1, "region_code,year,indicator,sex,value\n1275,2023,tpak,P,51.5\n1275,2023,tpak,L,80.25\n")
	writeTestFile(t, v2, "region_code,year,indicator,sex,value\n1275,2023,tpak,P,55.75\n")
	value := func() string {
		t.Helper()
		s.out.Reset()
		if code := s.run("query", "--format", "csv",
			"SELECT sex, value FROM indicator_value WHERE region_code = '1275' AND year = 2023 AND indicator = 'labour_force_participation' ORDER BY sex"); code != 0 {
			t.Fatalf("query: exit %d: %s", code, s.errOut.String())
		}
		return strings.TrimSpace(s.out.String())
	}
	mustRun := func(args ...string) {
		t.Helper()
		if code := s.run(args...); code != 0 {
			t.Fatalf("setara %s: exit %d: %s%s", strings.Join(args, " "), code, s.out.String(), s.errOut.String())
		}
	}
	batches := func() map[int64]batchJSON {
		t.Helper()
		s.out.Reset()
		mustRun("batches", "--format", "json")
		var rows []batchJSON
		if err := json.Unmarshal(s.out.Bytes(), &rows); err != nil {
			t.Fatalf("batches json: %v\n%s", err, s.out.String())
		}
		out := map[int64]batchJSON{}
		for _, r := range rows {
			out[r.BatchID] = r
		}
		return out
	}

	mustRun("ingest", v1)
	mustRun("ingest", v2)
	mustRun("run")
	if got, want := value(), "sex,value\nL,80.25\nP,55.75"; got != want {
		t.Fatalf("after both versions: %q, want %q (the later version wins for P)", got, want)
	}
	b := batches()
	if b[1].Status != "superseded" || b[2].Status != "active" || b[1].Reason != "replaced by batch 2" {
		t.Fatalf("batches = %+v, want 1 superseded by 2, 2 active", b)
	}

	if code := s.run("retract", "2"); code != ExitUsage {
		t.Errorf("retract without --reason: exit %d, want %d", code, ExitUsage)
	}
	mustRun("retract", "2", "--reason", "wrong survey round")
	if got := value(); got != "sex,value\nL,80.25\nP,55.75" {
		t.Errorf("before the next run the published values stay: %q", got)
	}
	mustRun("run")
	if got, want := value(), "sex,value\nL,80.25\nP,51.5"; got != want {
		t.Errorf("after retract and run: %q, want %q (the earlier version counts again)", got, want)
	}
	b = batches()
	if b[2].Status != "retracted" || b[2].Reason != "wrong survey round" || b[2].ChangedBy == "" || b[2].ChangedAt == "" {
		t.Errorf("retracted batch = %+v", b[2])
	}
	if b[1].Status != "active" || b[2].RowsAccepted != 1 {
		t.Errorf("batches = %+v, want 1 active again and 2 with its rows kept", b)
	}
	s.out.Reset()
	mustRun("batches")
	if table := s.out.String(); !strings.Contains(table, "retracted") || !strings.Contains(table, "wrong survey round") {
		t.Errorf("batches table:\n%s", table)
	}
	if code := s.run("retract", "2", "--reason", "again"); code != ExitFailure || !strings.Contains(s.errOut.String(), "batch 2 is already retracted") {
		t.Errorf("second retract: exit %d: %s", code, s.errOut.String())
	}
	if code := s.run("retract", "99", "--reason", "x"); code != ExitFailure || !strings.Contains(s.errOut.String(), "batch 99: no such batch") {
		t.Errorf("retract of an unknown batch: exit %d: %s", code, s.errOut.String())
	}

	mustRun("restore-batch", "2")
	mustRun("run")
	if got, want := value(), "sex,value\nL,80.25\nP,55.75"; got != want {
		t.Errorf("after restore-batch and run: %q, want %q", got, want)
	}
	if b = batches(); b[2].Status != "active" || b[1].Status != "superseded" {
		t.Errorf("after restore: %+v", b)
	}
	// The published snapshot carries the standing too.
	s.out.Reset()
	mustRun("query", "--format", "csv", "SELECT batch_id, standing FROM batch ORDER BY batch_id")
	if got := strings.TrimSpace(s.out.String()); got != "batch_id,standing\n1,superseded\n2,active" {
		t.Errorf("published batch standing: %q", got)
	}
}

// A refresh quarantines a file whose facts make a blocking check fail (a test-only check
// that ingest cannot catch); `setara batches` then shows it quarantined, by the refresh, with
// the check, and restore-batch makes it count again.
func TestBatchesShowsAQuarantinedBatch(t *testing.T) {
	s := newSession(t)
	fsys := fstest.MapFS{}
	err := fs.WalkDir(queries.Stages, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(queries.Stages, p)
		fsys[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	fsys["checks/test_no_66_6.sql"] = &fstest.MapFile{Data: []byte(`-- No life expectancy of exactly 66.6 years.
-- severity: blocking
-- depends: indicator_value
SELECT region_code, year, indicator, sex, value FROM published.indicator_value WHERE value = 66.6`)}
	inbox := filepath.Join(t.TempDir(), "inbox")
	writeTestFile(t, filepath.Join(inbox, "good.csv"), "region_code,year,indicator,sex,value\n1275,2024,life_expectancy,P,74.5\n")
	writeTestFile(t, filepath.Join(inbox, "uhh.csv"), "region_code,year,indicator,sex,value\n1275,2023,life_expectancy,L,66.6\n")
	r := refresh.New(refresh.Options{DBPath: s.db, Inbox: inbox, Settle: time.Nanosecond, StagesFS: fsys,
		Now: func() time.Time { return time.Now().Add(time.Hour) }})
	rep, err := r.RunOnce(context.Background())
	r.Close()
	if err != nil || rep.FailedFiles() != 1 {
		t.Fatalf("refresh: %v, %+v", err, rep)
	}
	if code := s.run("batches"); code != 0 {
		t.Fatalf("batches: exit %d: %s", code, s.errOut.String())
	}
	var row string
	for _, line := range strings.Split(s.out.String(), "\n") {
		if strings.Contains(line, "uhh.csv") {
			row = line
		}
	}
	for _, want := range []string{"quarantined", "test_no_66_6", " refresh 20"} {
		if !strings.Contains(row, want) {
			t.Errorf("batches row of uhh.csv %q lacks %q\n%s", row, want, s.out.String())
		}
	}
	s.out.Reset()
	if code := s.run("restore-batch", "2", "--reason", "the value is right"); code != 0 || !strings.Contains(s.out.String(), "restored batch 2") {
		t.Errorf("restore-batch: exit %d: %s%s", code, s.out.String(), s.errOut.String())
	}
}
