package refresh

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/setara-pug/setara/pipeline/snapshot"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

// The child of TestQuarantineSurvivesSIGKILL: one refresh with the test-only check, run by
// the test binary itself so that the parent can kill it.
func TestQuarantineChildRefresh(t *testing.T) {
	db := os.Getenv("SETARA_QUARANTINE_CHILD_DB")
	if db == "" {
		t.Skip("run by TestQuarantineSurvivesSIGKILL")
	}
	r := New(Options{DBPath: db, Settle: time.Nanosecond, StagesFS: withCheck(t, "test_no_66_6", poisonCheck),
		Logger: slog.New(slog.NewTextHandler(os.Stderr, nil))})
	defer r.Close()
	if _, err := r.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestQuarantineSurvivesSIGKILL kills refreshes that quarantine a file, at moments spread over
// their run (loading, the failed run, the probes, the quarantine, the run again, publishing),
// and checks every time that readers never see the quarantined value, that the next refresh
// succeeds, publishes the good file and leaves the bad one quarantined and out of the inbox.
func TestQuarantineSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test: kills refreshes")
	}
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	inbox := DefaultInbox(db)
	old := time.Now().Add(-time.Hour)
	header := "region_code,year,indicator,sex,value\n"
	put := func(i int) {
		writeFile(t, filepath.Join(inbox, fmt.Sprintf("good-%02d.csv", i)),
			fmt.Sprintf("%s1275,%d,life_expectancy,P,74.5\n", header, 2000+i), old)
		writeFile(t, filepath.Join(inbox, fmt.Sprintf("poison-%02d.csv", i)),
			fmt.Sprintf("%s1275,%d,labour_force_participation,P,54\n1275,%d,life_expectancy,L,66.6\n", header, 1950+i, 1950+i), old)
	}
	child := func(kill time.Duration) (int, string) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestQuarantineChildRefresh$")
		cmd.Env = append(os.Environ(), "SETARA_QUARANTINE_CHILD_DB="+db)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if kill > 0 {
			timer := time.AfterFunc(kill, func() { cmd.Process.Signal(syscall.SIGKILL) })
			defer timer.Stop()
		}
		err := cmd.Wait()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode(), out.String()
		}
		return 0, out.String()
	}
	readers := func(i int) string {
		t.Helper()
		cur, err := snapshot.Current(warehouse.PublishedDir(db))
		if err != nil {
			t.Fatalf("readers: %v", err)
		}
		sdb, err := snapshot.OpenReadOnly(ctx, cur)
		if err != nil {
			t.Fatalf("readers: %v", err)
		}
		defer sdb.Close()
		var poisoned int
		if err := sdb.QueryRowContext(ctx, `SELECT count(*) FROM indicator_value WHERE value = 66.6`).Scan(&poisoned); err != nil {
			t.Fatal(err)
		}
		if poisoned != 0 {
			t.Fatalf("after kill %d readers see the quarantined value (%s)", i, cur)
		}
		return snapshot.ID(cur)
	}

	// A first, whole refresh measures how long a quarantining refresh takes.
	put(0)
	start := time.Now()
	if code, out := child(0); code != 0 {
		t.Fatalf("calibration refresh: exit %d\n%s", code, out)
	}
	took := time.Since(start)
	readers(0)
	shares := []float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.97}
	killed := 0
	for i, share := range shares {
		n := i + 1
		put(n)
		delay := time.Duration(share * float64(took))
		code, out := child(delay)
		if code == -1 {
			killed++
		} else if code != 0 {
			t.Fatalf("refresh %d: exit %d\n%s", n, code, out)
		}
		readers(n)
		if code, out := child(0); code != 0 {
			t.Fatalf("refresh after kill %d: exit %d\n%s", n, code, out)
		}
		readers(n)
		poison := fmt.Sprintf("poison-%02d.csv", n)
		if _, err := os.Stat(filepath.Join(inbox, poison)); err == nil {
			t.Fatalf("after kill %d and a refresh, %s is still in the inbox", n, poison)
		}
		st := map[string]string{}
		for _, b := range listBatches(ctx, t, db) {
			st[b.File] = b.Standing
		}
		if st[poison] != warehouse.StandingQuarantined || st[fmt.Sprintf("good-%02d.csv", n)] != warehouse.StandingActive {
			t.Fatalf("after kill %d: %s %s, good %s", n, poison, st[poison], st[fmt.Sprintf("good-%02d.csv", n)])
		}
		where := "failed"
		if m, _ := filepath.Glob(filepath.Join(inbox, FailedDir, "*", poison)); len(m) != 1 {
			where = "processed" // killed between the quarantine and the move (README)
		}
		t.Logf("kill %2d after %5.2fs (exit %d, last: %s): %s quarantined, file under %s", n, delay.Seconds(), code, lastMsg(out), poison, where)
	}
	if killed < len(shares)/2 {
		t.Errorf("only %d of %d refreshes were killed before they ended (a whole one took %v)", killed, len(shares), took)
	}
}

// lastMsg is the msg of the last log line in out: where the refresh was when it was killed.
func lastMsg(out string) string {
	msg := "none"
	for _, line := range strings.Split(out, "\n") {
		if _, m, ok := strings.Cut(line, "msg="); ok {
			if strings.HasPrefix(m, `"`) {
				m = m[1:]
				m, _, _ = strings.Cut(m, `"`)
			} else {
				m, _, _ = strings.Cut(m, " ")
			}
			msg = m
		}
	}
	return msg
}

func listBatches(ctx context.Context, t *testing.T, db string) []warehouse.Batch {
	t.Helper()
	w, err := warehouse.Open(ctx, db, time.Now)
	if err != nil {
		t.Fatalf("warehouse does not open: %v", err)
	}
	defer w.Close()
	list, err := warehouse.Batches(ctx, w.DB)
	if err != nil {
		t.Fatal(err)
	}
	return list
}
