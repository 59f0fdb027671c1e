package refresh

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/setara-pug/setara/pipeline/ingest"
	"github.com/setara-pug/setara/pipeline/internal/holdtest"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

// testClock is a clock the test moves by hand.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// fakeLoad answers by file name: good* loads 10 rows, same* is unchanged, bad* has one
// rejected row, broken* cannot be read.
func fakeLoad(ctx context.Context, db *sql.DB, path string, now func() time.Time) (LoadResult, error) {
	name := filepath.Base(path)
	switch {
	case strings.HasPrefix(name, "good"):
		return LoadResult{Kind: "indicators", BatchID: 1, Accepted: 10}, nil
	case strings.HasPrefix(name, "same"):
		return LoadResult{Kind: "indicators", BatchID: 1, Unchanged: true}, nil
	case strings.HasPrefix(name, "bad"):
		return LoadResult{Kind: "indicators", BatchID: 2, Accepted: 3, Rejected: 1, Problems: []ingest.Problem{
			{Line: 3, Column: "value", Value: "abc", Reason: "not a number (expected a decimal, e.g. 72,5)"},
		}}, errors.New("1 row rejected")
	default:
		return LoadResult{}, &ingest.FileError{Path: name, Err: errors.New("unknown file kind")}
	}
}

func TestRefreshMovesFilesAndCountsThemInMetrics(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "w.duckdb")
	inbox := filepath.Join(dir, "inbox")
	clock := &testClock{t: t0}
	old := t0.Add(-time.Hour)
	writeFile(t, filepath.Join(inbox, "good.csv"), "x", old)
	writeFile(t, filepath.Join(inbox, "same.csv"), "x", old)
	writeFile(t, filepath.Join(inbox, "bad.csv"), "x", old)
	writeFile(t, filepath.Join(inbox, "fresh.csv"), "x", t0.Add(-time.Second))

	var got StagesInput
	fail := false
	stages := func(ctx context.Context, wh *warehouse.Warehouse, in StagesInput) (StagesResult, error) {
		got = in
		if fail {
			clock.Add(2 * time.Second)
			return StagesResult{RunID: 2, Status: StatusFailed}, errors.New("check ipg_range failed")
		}
		clock.Add(7 * time.Second)
		return StagesResult{RunID: 1, Snapshot: "run-000001.duckdb", Status: StatusSucceeded}, nil
	}
	reg := prometheus.NewRegistry()
	r := New(Options{DBPath: dbPath, Registry: reg, Now: clock.Now, Load: fakeLoad, Stages: stages})
	defer r.Close()
	if r.Inbox() != inbox {
		t.Fatalf("default inbox %s, want %s", r.Inbox(), inbox)
	}

	rep, err := r.RunOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Status != StatusPartial || rep.FilesTaken != 3 || rep.RowsLoaded != 10 || rep.FailedFiles() != 1 || rep.RunID != 1 {
		t.Errorf("report %+v: want partial, 3 files taken, 10 rows, 1 failed, run 1", rep)
	}
	if got.Trigger != TriggerRefresh || got.FilesTaken != 3 || got.RowsLoaded != 10 {
		t.Errorf("stages got %+v; want trigger refresh, 3 files, 10 rows", got)
	}
	if len(rep.Waiting) != 1 || rep.Waiting[0] != "fresh.csv" {
		t.Errorf("waiting = %v, want [fresh.csv]", rep.Waiting)
	}
	for _, p := range []string{
		"processed/2026-11-29/good.csv", "processed/2026-11-29/same.csv",
		"failed/2026-11-29/bad.csv", "failed/2026-11-29/bad.csv.errors.csv", "fresh.csv",
	} {
		if _, err := os.Stat(filepath.Join(inbox, p)); err != nil {
			t.Errorf("inbox/%s: %v", p, err)
		}
	}
	errs, _ := os.ReadFile(filepath.Join(inbox, "failed/2026-11-29/bad.csv.errors.csv"))
	if want := "line,column,value,reason\n3,value,abc,\"not a number (expected a decimal, e.g. 72,5)\"\n"; string(errs) != want {
		t.Errorf("errors file:\n%s\nwant:\n%s", errs, want)
	}

	// The disk gauges depend on the machine's disk; TestFullDiskKeepsTheSnapshotAndSaysSo
	// (cmd/setara/cli) checks them on a small file system.
	refreshFamilies := []string{"setara_refresh_duration_seconds", "setara_refresh_files_total",
		"setara_refresh_last_failure_timestamp_seconds", "setara_refresh_last_success_timestamp_seconds"}
	success := fmt.Sprint(t0.Add(7 * time.Second).Unix())
	err = testutil.GatherAndCompare(reg, strings.NewReader(refreshMetrics(7, 1, 1, 1, "0", success)), refreshFamilies...)
	if err != nil {
		t.Errorf("metrics after success: %v", err)
	}

	// The next refresh fails in the stages; fresh.csv has settled by now and is loaded.
	clock.Add(time.Minute)
	writeFile(t, filepath.Join(inbox, "good-2.csv"), "x", old)
	fail = true
	rep, err = r.RunOnce(ctx)
	if err == nil || rep.Status != StatusFailed || !strings.Contains(rep.Error, "check ipg_range failed") {
		t.Fatalf("failing refresh: %v, report %+v", err, rep)
	}
	failure := fmt.Sprint(t0.Add(7*time.Second + time.Minute + 2*time.Second).Unix())
	err = testutil.GatherAndCompare(reg, strings.NewReader(refreshMetrics(2, 2, 2, 1, failure, success)), refreshFamilies...)
	if err != nil {
		t.Errorf("metrics after failure: %v", err)
	}
	// fresh.csv could not be read by the loader: it failed with the load error as its reason.
	errs, _ = os.ReadFile(filepath.Join(inbox, "failed/2026-11-29/fresh.csv.errors.csv"))
	if want := "line,column,value,reason\n,,,fresh.csv: unknown file kind\n"; string(errs) != want {
		t.Errorf("errors file of an unreadable file:\n%s\nwant:\n%s", errs, want)
	}

	// A new Refresher (a restarted server) starts its gauges from the state file.
	reg2 := prometheus.NewRegistry()
	r2 := New(Options{DBPath: dbPath, Registry: reg2, Now: clock.Now, Load: fakeLoad, Stages: stages})
	defer r2.Close()
	if got := r2.LastSuccess(); !got.Equal(t0.Add(7 * time.Second)) {
		t.Errorf("LastSuccess after restart = %v, want %v", got, t0.Add(7*time.Second))
	}
	err = testutil.GatherAndCompare(reg2, strings.NewReader(timestampMetrics(failure, success)),
		"setara_refresh_last_failure_timestamp_seconds", "setara_refresh_last_success_timestamp_seconds")
	if err != nil {
		t.Errorf("metrics after restart: %v", err)
	}
}

// refreshMetrics is the exposition of the refresh metrics: the last duration in seconds, the
// files taken by outcome, and the two timestamps (Unix seconds).
func refreshMetrics(duration, failed, loaded, unchanged int, lastFailure, lastSuccess string) string {
	return fmt.Sprintf(`
# HELP setara_refresh_duration_seconds Duration of the last refresh, successful or not.
# TYPE setara_refresh_duration_seconds gauge
setara_refresh_duration_seconds %d
# HELP setara_refresh_files_total Inbox files taken by refreshes, by outcome (loaded, unchanged, failed).
# TYPE setara_refresh_files_total counter
setara_refresh_files_total{outcome="failed"} %d
setara_refresh_files_total{outcome="loaded"} %d
setara_refresh_files_total{outcome="unchanged"} %d`, duration, failed, loaded, unchanged) + timestampMetrics(lastFailure, lastSuccess)
}

// timestampMetrics is the exposition of the two refresh timestamps (Unix seconds).
func timestampMetrics(lastFailure, lastSuccess string) string {
	return `
# HELP setara_refresh_last_failure_timestamp_seconds Unix time of the end of the last refresh that failed (0: none yet).
# TYPE setara_refresh_last_failure_timestamp_seconds gauge
setara_refresh_last_failure_timestamp_seconds ` + lastFailure + `
# HELP setara_refresh_last_success_timestamp_seconds Unix time of the end of the last refresh that published a snapshot (0: none yet).
# TYPE setara_refresh_last_success_timestamp_seconds gauge
setara_refresh_last_success_timestamp_seconds ` + lastSuccess + `
`
}

// While a refresh runs, requests queue exactly one more refresh; they never run in parallel.
func TestRefreshQueuesOneWhileRunning(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var mu sync.Mutex
	calls, active, maxActive := 0, 0, 0
	var ctxErrs []error // per stage run, whether its context was cancelled
	started := make(chan int, 10)
	release := make(chan struct{})
	stages := func(ctx context.Context, wh *warehouse.Warehouse, in StagesInput) (StagesResult, error) {
		mu.Lock()
		calls++
		n := calls
		active++
		maxActive = max(maxActive, active)
		mu.Unlock()
		started <- n
		<-release
		mu.Lock()
		active--
		ctxErrs = append(ctxErrs, ctx.Err())
		mu.Unlock()
		return StagesResult{RunID: int64(n), Status: StatusSucceeded}, nil
	}
	r := New(Options{DBPath: filepath.Join(dir, "w.duckdb"), Load: fakeLoad, Stages: stages})
	defer r.Close()

	if err := r.Trigger(ctx); err != nil {
		t.Fatal(err)
	}
	if n := <-started; n != 1 {
		t.Fatalf("first stage run is call %d", n)
	}
	// Three more requests while the first runs: one queued call, joined by the others.
	a, err := r.submit(ctx, TriggerRefresh)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Trigger(ctx); err != nil {
		t.Fatal(err)
	}
	b, err := r.submit(ctx, TriggerSchedule)
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Errorf("second and fourth requests got different queued refreshes")
	}
	if running, queued := r.Running(); !running || !queued {
		t.Errorf("Running() = %v, %v; want true, true", running, queued)
	}
	release <- struct{}{} // finish the first
	if n := <-started; n != 2 {
		t.Fatalf("second stage run is call %d", n)
	}
	release <- struct{}{}
	<-a.done
	if a.err != nil || a.rep.RunID != 2 || a.rep.Trigger != TriggerRefresh {
		t.Errorf("queued refresh: %v, %+v; want run 2 by refresh", a.err, a.rep)
	}
	// Refresh (POST /api/refresh) waits for its run; cancelling its ctx does not stop it.
	reqCtx, cancelReq := context.WithCancel(ctx)
	refreshed := make(chan error)
	go func() { refreshed <- r.Refresh(reqCtx) }()
	if n := <-started; n != 3 {
		t.Fatalf("third stage run is call %d", n)
	}
	cancelReq()
	if err := <-refreshed; !errors.Is(err, context.Canceled) {
		t.Errorf("Refresh after its client left: %v, want context.Canceled", err)
	}
	release <- struct{}{}
	// RunOnce queues behind it (or starts afresh once it finished) and waits for its own run.
	done := make(chan Report)
	go func() {
		rep, _ := r.RunOnce(ctx)
		done <- rep
	}()
	if n := <-started; n != 4 {
		t.Fatalf("fourth stage run is call %d", n)
	}
	release <- struct{}{}
	if rep := <-done; rep.RunID != 4 || rep.Status != StatusSucceeded {
		t.Errorf("RunOnce report %+v, want run 4 succeeded", rep)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(ctxErrs) == 4 && ctxErrs[2] != nil {
		t.Errorf("the refresh of a POST was cancelled with its request: %v", ctxErrs[2])
	}
	if calls != 4 || maxActive != 1 {
		t.Errorf("%d stage runs, at most %d at once; want 4 runs, 1 at once", calls, maxActive)
	}
}

// syncBuffer is a log sink safe for the refresh goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestRefreshFailsWhenTheWarehouseIsLocked holds the warehouse in a second process (this test
// binary), then refreshes: the refresh fails with one log line naming the reason, and the file
// stays in the inbox for the next refresh, which succeeds once the warehouse is free.
func TestRefreshFailsWhenTheWarehouseIsLocked(t *testing.T) {
	holdtest.Serve(func(path string) (io.Closer, error) { return warehouse.Open(context.Background(), path, time.Now) })
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "w.duckdb")
	_, release := holdtest.Start(t, "TestRefreshFailsWhenTheWarehouseIsLocked", dbPath)

	stages := func(ctx context.Context, wh *warehouse.Warehouse, in StagesInput) (StagesResult, error) {
		return StagesResult{RunID: 1, Status: StatusSucceeded}, nil
	}
	log := &syncBuffer{}
	logger := slog.New(slog.NewTextHandler(log, nil))
	r := New(Options{DBPath: dbPath, Load: fakeLoad, Stages: stages, Logger: logger})
	defer r.Close()
	file := filepath.Join(r.Inbox(), "good.csv")
	writeFile(t, file, "x", t0.Add(-time.Hour))
	rep, err := r.RunOnce(ctx)
	var le *warehouse.LockedError
	if !errors.As(err, &le) || rep.Status != StatusFailed {
		t.Fatalf("refresh of a held warehouse: %v (status %s); want *warehouse.LockedError", err, rep.Status)
	}
	var failures []string
	for _, line := range strings.Split(log.String(), "\n") {
		if strings.Contains(line, "level=ERROR") {
			failures = append(failures, line)
		}
	}
	if len(failures) != 1 || !strings.Contains(failures[0], `msg="refresh failed"`) || !strings.Contains(failures[0], "reason=") ||
		!strings.Contains(failures[0], "is in use by process") {
		t.Errorf("want one error line with the reason, got %q", failures)
	}
	if _, err := os.Stat(file); err != nil {
		t.Errorf("the inbox file is gone after a failed refresh: %v", err)
	}

	release()
	if rep, err := r.RunOnce(ctx); err != nil || rep.Status != StatusSucceeded || rep.FilesTaken != 1 {
		t.Fatalf("refresh after the holder left: %v %+v", err, rep)
	}
}

// probeRefresh runs one refresh of one inbox file with opts (its warehouse in a new
// directory, a fake load and stages) and returns what probe said inside the load and inside
// the stages, each given the warehouse they were handed.
func probeRefresh(t *testing.T, opts Options, probe func(*sql.DB) int) (loaded, staged int) {
	t.Helper()
	opts.DBPath = filepath.Join(t.TempDir(), "w.duckdb")
	opts.Load = func(ctx context.Context, db *sql.DB, path string, now func() time.Time) (LoadResult, error) {
		loaded = probe(db)
		return fakeLoad(ctx, db, path, now)
	}
	opts.Stages = func(ctx context.Context, wh *warehouse.Warehouse, in StagesInput) (StagesResult, error) {
		staged = probe(wh.DB)
		return StagesResult{RunID: 1, Status: StatusSucceeded}, nil
	}
	r := New(opts)
	defer r.Close()
	writeFile(t, filepath.Join(r.Inbox(), "good.csv"), "x", t0.Add(-time.Hour))
	if _, err := r.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	return loaded, staged
}

// The refresh's loads and stages run with Options.Threads DuckDB threads, and with DuckDB's
// own default when it is 0.
func TestRefreshRunsWithItsThreads(t *testing.T) {
	ctx := context.Background()
	threadsOf := func(db *sql.DB) int {
		var n int
		if err := db.QueryRowContext(ctx, "SELECT current_setting('threads')").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	mem, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	duckdbDefault := threadsOf(mem)
	for _, want := range []int{0, 1, 3} {
		loaded, staged := probeRefresh(t, Options{Threads: want}, threadsOf)
		expect := want
		if want == 0 {
			expect = duckdbDefault
		}
		if loaded != expect || staged != expect {
			t.Errorf("Threads %d: the load ran with %d threads, the stages with %d; want %d", want, loaded, staged, expect)
		}
	}
}

func TestServeThreadsLeavesACore(t *testing.T) {
	for cores, want := range map[int]int{1: 1, 2: 1, 4: 3, 16: 15} {
		if got := ServeThreads(cores); got != want {
			t.Errorf("ServeThreads(%d) = %d, want %d", cores, got, want)
		}
	}
}
