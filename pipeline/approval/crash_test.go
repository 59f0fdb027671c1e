package approval_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/setara-pug/setara/pipeline/internal/killtest"

	"github.com/setara-pug/setara/pipeline/approval"
	"github.com/setara-pug/setara/pipeline/snapshot"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

// TestApproveSurvivesSIGKILL kills `setara approve` at moments spread over its run. After
// every kill the current snapshot is a whole one, it is the candidate only if the approval was
// recorded first, and approving again finishes what the kill interrupted.
func TestApproveSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test: builds setara and kills it")
	}
	ctx := context.Background()
	tmp := t.TempDir()
	bin := killtest.Build(t)
	db := filepath.Join(tmp, "w", "setara.duckdb")
	dir := warehouse.PublishedDir(db)
	must := func(args ...string) string {
		t.Helper()
		code, out := killtest.Run(t, bin, 0, append([]string{"--db", db}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, out)
		}
		return out
	}
	candidate := func(value float64) int64 {
		t.Helper()
		f := filepath.Join(tmp, fmt.Sprintf("ahh-%v.csv", value))
		if err := os.WriteFile(f, []byte(fmt.Sprintf("region_code,year,indicator,sex,value\n1275,2024,life_expectancy,P,%v\n", value)), 0o644); err != nil {
			t.Fatal(err)
		}
		must("ingest", f)
		must("run", "--candidate")
		_, run, err := snapshot.Waiting(dir)
		if err != nil {
			t.Fatal(err)
		}
		return run
	}
	candidate(70)
	must("approve", "1")

	// A full approval's time: the fastest of three (the first ones of a process tree run colder,
	// and kills spread over a too long time would mostly come after the approval ended).
	took := time.Duration(0)
	for _, v := range []float64{71, 71.5, 71.75} {
		run := candidate(v)
		start := time.Now()
		must("approve", fmt.Sprint(run))
		if d := time.Since(start); took == 0 || d < took {
			took = d
		}
	}

	killed := 0
	shares := []float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95}
	for i, share := range shares {
		before, _ := snapshot.Current(dir)
		value := 72 + float64(i)
		run := candidate(value)
		delay := time.Duration(share * float64(took))
		start := time.Now()
		code, out := killtest.Run(t, bin, delay, "--db", db, "approve", fmt.Sprint(run))
		switch {
		case code == -1:
			killed++
		case code != 0:
			t.Fatalf("approve %d: exit %d\n%s", i, code, out)
		case time.Since(start) < took:
			// It ended before the kill and faster than the calibration (the machine's load
			// fell): the later kills are spread over this approval's time instead.
			took = time.Since(start)
		}
		cur, err := snapshot.Current(dir)
		if err != nil {
			t.Fatalf("kill %d: no current snapshot: %v", i, err)
		}
		w, err := warehouse.Open(ctx, db, time.Now)
		if err != nil {
			t.Fatalf("kill %d: warehouse does not open: %v", i, err)
		}
		d, err := approval.State(ctx, w.DB, run)
		w.Close()
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case cur == before:
		case snapshot.RunOf(cur) == run && d.Standing == approval.Approved:
		default:
			t.Fatalf("kill %d after %v: current %s, run %d %s", i, delay, cur, run, d.Standing)
		}
		if got := valueIn(t, cur); (cur == before) == (got == value) {
			t.Fatalf("kill %d: current %s holds %v", i, snapshot.ID(cur), got)
		}
		if snapshot.RunOf(cur) != run {
			if code, out := killtest.Run(t, bin, 0, "--db", db, "approve", fmt.Sprint(run)); code != 0 {
				t.Fatalf("approving again after kill %d: exit %d\n%s", i, code, out)
			}
		} else if code, out := killtest.Run(t, bin, 0, "--db", db, "approve", fmt.Sprint(run)); code != 1 || !strings.Contains(out, "already approved") {
			t.Fatalf("approving a current run again after kill %d: exit %d\n%s", i, code, out)
		}
		if cur, _ := snapshot.Current(dir); snapshot.RunOf(cur) != run || valueIn(t, cur) != value {
			t.Fatalf("after kill %d and a second approve, current is %s", i, cur)
		}
		t.Logf("kill %2d after %5.3fs (exit %d): %s was current", i, delay.Seconds(), code, snapshot.ID(cur))
	}
	if killed < len(shares)/2 {
		t.Errorf("only %d of %d approvals were killed before they ended (a full one took %v)", killed, len(shares), took)
	}
}

// valueIn is women's life expectancy in 1275, 2024, in the snapshot file path.
func valueIn(t *testing.T, path string) float64 {
	t.Helper()
	db, err := snapshot.OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v float64
	if err := db.QueryRow(`SELECT value FROM indicator_value WHERE region_code = '1275' AND year = 2024
		AND indicator = 'life_expectancy' AND sex = 'P'`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}
