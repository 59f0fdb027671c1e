package refresh

import (
	"context"
	"database/sql"
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/setara-pug/setara/pipeline/durable"
	"github.com/setara-pug/setara/pipeline/ingest"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

// Report statuses.
const (
	StatusSucceeded = "succeeded" // every file taken was loaded (or unchanged) and a snapshot published
	StatusPartial   = "partial"   // a snapshot was published, but some files failed
	StatusFailed    = "failed"    // nothing was published (warehouse, stages or inbox failure)
)

// Run-history triggers of a refresh.
const (
	TriggerRefresh  = "refresh"  // the one-shot command or POST /api/refresh
	TriggerSchedule = "schedule" // the server's schedule (and its catch-up and retries)
)

// ErrClosed is returned for refreshes requested after Close.
var ErrClosed = errors.New("refresh: the refresher is closed")

// LoadResult is what loading one inbox file did.
type LoadResult struct {
	Kind      string
	BatchID   int64
	Accepted  int64
	Rejected  int64
	Unchanged bool             // the same content was loaded before; nothing new
	Problems  []ingest.Problem // the rejected rows (may be empty when they are only in rejected_row)
}

// LoadFunc loads one file strictly into the warehouse db in its own transaction: a file with a
// rejected row keeps no facts. The default is ingest.LoadFile. An error for which the file is
// at fault is an *ingest.FileError (the file goes to failed/); any other error stops the
// refresh and leaves the file in the inbox.
type LoadFunc func(ctx context.Context, db *sql.DB, path string, now func() time.Time) (LoadResult, error)

// StagesInput is what a refresh tells the stage run, for the run history.
type StagesInput struct {
	Trigger    string
	FilesTaken int
	RowsLoaded int64
	Now        func() time.Time
	Logger     *slog.Logger
	FS         fs.FS   // stages and checks (nil: the embedded ones)
	Exclude    []int64 // batches whose facts the run leaves out (probes)
	Probe      bool    // run and roll back: no run row, no snapshot (quarantine probes)
	Candidate  bool    // publish a candidate snapshot, not a current one
}

// StagesResult is the run the stages recorded.
type StagesResult struct {
	RunID    int64
	Snapshot string
	Status   string
}

// StagesFunc runs the stages and publishes a snapshot atomically. The default is stages.Run.
type StagesFunc func(ctx context.Context, wh *warehouse.Warehouse, in StagesInput) (StagesResult, error)

// Options configure a Refresher.
type Options struct {
	DBPath   string               // the warehouse file
	Inbox    string               // default: inbox/ beside the warehouse file
	Registry *prometheus.Registry // the refresh metrics are registered here (nil: nowhere)
	Logger   *slog.Logger         // nil: discard
	Now      func() time.Time     // nil: time.Now
	Settle   time.Duration        // a file must be unchanged this long to be taken (0: DefaultSettle)
	Load     LoadFunc             // nil: ingest.LoadFile, strict
	Stages   StagesFunc           // nil: stages.Run
	// StagesFS replaces the embedded stages and checks (tests add a check that ingest cannot
	// catch); nil: queries.Stages.
	StagesFS fs.FS
	// Candidate publishes each refresh's snapshot as a candidate that readers see only once
	// `setara approve` approves it.
	Candidate bool
	// Threads is how many threads DuckDB gives a refresh's loads and stages (0: DuckDB's
	// default, one per core). A refresh inside `setara serve` leaves a core to the readers
	// (ServeThreads).
	Threads int
	// Nice is added to the nice value of the thread a refresh runs on, and of DuckDB's
	// threads for it (Niced; 0: the process's own). A refresh inside `setara serve` runs at
	// ServeNice, so the readers get the cores first.
	Nice int
}

// ServeNice is the nice value a refresh inside `setara serve` adds: with a refresh at 10 on
// 2 cores, GET /api/indices under load answered with a p99 of 66-79 ms instead of 85-122 ms
// and a quarter more requests, and the refresh took a quarter longer while the load lasted
// (BENCHMARKS.md, "Refresh beside readers").
const ServeNice = 10

// ServeThreads is the DuckDB threads of a refresh that runs beside readers on a machine of
// cores cores: one fewer than the cores, at least one. On 2 cores, a refresh on both made
// GET /api/indices wait for the CPU (BENCHMARKS.md, "Refresh beside readers").
func ServeThreads(cores int) int { return max(1, cores-1) }

// FileReport is what a refresh did with one inbox file.
type FileReport struct {
	Name       string
	Kind       string
	Outcome    string // OutcomeLoaded, OutcomeUnchanged or OutcomeFailed
	Accepted   int64
	Rejected   int64
	MovedTo    string // the file's new path under processed/ or failed/
	ErrorsFile string // failed files: the CSV of problems beside it
	Reason     string // failed files: the first problem, or the load error
	BatchID    int64  // the batch the file loaded as (0: none)
	// Quarantined: the file loaded, but its facts made a blocking check of the run fail; its
	// batch was set aside and the file moved to failed/ (Outcome is OutcomeFailed).
	Quarantined bool
}

// Report is the outcome of one refresh.
type Report struct {
	Trigger    string
	Status     string
	Error      string // why the refresh failed (StatusFailed)
	RunID      int64  // 0 when the stages did not record a run
	Snapshot   string // the published snapshot
	Files      []FileReport
	Waiting    []string // files left in the inbox because they are still being written
	FilesTaken int
	RowsLoaded int64
	Started    time.Time
	Finished   time.Time
}

// FailedFiles counts the files that went to failed/.
func (r Report) FailedFiles() int {
	n := 0
	for _, f := range r.Files {
		if f.Outcome == OutcomeFailed {
			n++
		}
	}
	return n
}

// Refresher runs refreshes of one warehouse and inbox, one at a time.
type Refresher struct {
	dbPath, inbox, state string
	settle               time.Duration
	load                 LoadFunc
	stages               StagesFunc
	stagesFS             fs.FS
	candidate            bool
	threads              int
	nice                 int
	now                  func() time.Time
	logger               *slog.Logger
	metrics              *metrics

	seen map[string]observation // used only by the running refresh

	// warehouse is held while a refresh, or a change made through Exclusive, has the
	// warehouse open: one process must not open the file twice.
	warehouse sync.Mutex

	mu      sync.Mutex
	running bool
	queued  *call
	closed  bool
	stop    context.CancelFunc
	stopped context.Context
	wg      sync.WaitGroup
}

type call struct {
	ctx     context.Context
	trigger string
	done    chan struct{}
	rep     Report
	err     error
}

// New returns a Refresher. Its metrics start from the state the last refresh of this
// warehouse left (WAREHOUSE.refresh.json).
func New(opts Options) *Refresher {
	r := &Refresher{
		dbPath:    opts.DBPath,
		inbox:     opts.Inbox,
		state:     statePath(opts.DBPath),
		settle:    opts.Settle,
		load:      opts.Load,
		stages:    opts.Stages,
		stagesFS:  opts.StagesFS,
		candidate: opts.Candidate,
		threads:   opts.Threads,
		nice:      opts.Nice,
		now:       opts.Now,
		logger:    opts.Logger,
		metrics:   newMetrics(opts.Registry, warehouse.PublishedDir(opts.DBPath)),
		seen:      map[string]observation{},
	}
	if r.inbox == "" {
		r.inbox = DefaultInbox(opts.DBPath)
	}
	if r.settle <= 0 {
		r.settle = DefaultSettle
	}
	if r.load == nil {
		r.load = ingestLoad
	}
	if r.stages == nil {
		r.stages = runStages
	}
	if r.now == nil {
		r.now = time.Now
	}
	if r.logger == nil {
		r.logger = slog.New(slog.DiscardHandler)
	}
	r.stopped, r.stop = context.WithCancel(context.Background())
	st, err := readState(r.state)
	if err != nil {
		r.logger.Warn("refresh: state unreadable, starting from none", "reason", err.Error())
	}
	r.metrics.lastSuccess.Set(unixSeconds(st.LastSuccess))
	r.metrics.lastFailure.Set(unixSeconds(st.LastFailure))
	return r
}

// DefaultInbox is the inbox of the warehouse at dbPath: inbox/ beside the file.
func DefaultInbox(dbPath string) string { return filepath.Join(filepath.Dir(dbPath), "inbox") }

// Inbox is the directory this Refresher takes files from.
func (r *Refresher) Inbox() string { return r.inbox }

// RunOnce runs a refresh and returns its report. If a refresh is running, the request is queued
// to run after it (only one is queued: later requests join it). The error is non-nil when the
// refresh failed (nothing published); files that failed while the rest published are in the
// report (StatusPartial, FailedFiles). Cancelling ctx stops a refresh that this call started.
func (r *Refresher) RunOnce(ctx context.Context) (Report, error) {
	return r.wait(ctx, TriggerRefresh)
}

// RunScheduled is RunOnce recorded with the trigger "schedule".
func (r *Refresher) RunScheduled(ctx context.Context) (Report, error) {
	return r.wait(ctx, TriggerSchedule)
}

// Refresh runs a refresh (or joins the queued one) that ctx does not cancel, and waits for it
// while ctx lasts: the func server.Options.Refresh wants for POST /api/refresh, where a client
// that goes away should not abort the refresh. Files that failed while the rest published do
// not make it an error.
func (r *Refresher) Refresh(ctx context.Context) error {
	c, err := r.submit(context.WithoutCancel(ctx), TriggerRefresh)
	if err != nil {
		return err
	}
	select {
	case <-c.done:
		return c.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (r *Refresher) wait(ctx context.Context, trigger string) (Report, error) {
	c, err := r.submit(ctx, trigger)
	if err != nil {
		return Report{}, err
	}
	select {
	case <-c.done:
		return c.rep, c.err
	case <-ctx.Done():
		return Report{}, ctx.Err()
	}
}

// Trigger requests a refresh and returns without waiting (for POST /api/refresh). The refresh
// does not stop when ctx ends; Close stops it.
func (r *Refresher) Trigger(ctx context.Context) error {
	_, err := r.submit(context.WithoutCancel(ctx), TriggerRefresh)
	return err
}

// Running reports whether a refresh is running and whether another is queued.
func (r *Refresher) Running() (running, queued bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.running, r.queued != nil
}

// LastSuccess is when the last refresh of this warehouse (in any process) published, or the
// zero time.
func (r *Refresher) LastSuccess() time.Time {
	st, err := readState(r.state)
	if err != nil {
		r.logger.Warn("refresh: state unreadable", "reason", err.Error())
	}
	return st.LastSuccess
}

// ErrBusy says a refresh is running.
var ErrBusy = errors.New("a refresh is running; try again when it ends")

// Exclusive runs fn while no refresh of this Refresher runs (fn may open the warehouse: the
// server retracts batches this way), or returns ErrBusy at once when one runs.
func (r *Refresher) Exclusive(fn func() error) error {
	if !r.warehouse.TryLock() {
		return ErrBusy
	}
	defer r.warehouse.Unlock()
	return fn()
}

// Close cancels the running refresh, drops the queued one and waits for the running one to
// stop. A refresh cut short leaves the warehouse and the snapshot consistent.
func (r *Refresher) Close() error {
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
	r.stop()
	r.wg.Wait()
	return nil
}

func (r *Refresher) submit(ctx context.Context, trigger string) (*call, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, ErrClosed
	}
	if r.queued != nil {
		return r.queued, nil
	}
	c := &call{ctx: ctx, trigger: trigger, done: make(chan struct{})}
	if r.running {
		r.queued = c
		r.logger.Info("refresh: queued behind the running refresh", "trigger", trigger)
		return c, nil
	}
	r.running = true
	r.wg.Add(1)
	go r.loop(c)
	return c, nil
}

// loop runs c, then the queued call, until none is queued.
func (r *Refresher) loop(c *call) {
	defer r.wg.Done()
	for c != nil {
		if r.stopped.Err() != nil {
			c.err = ErrClosed
		} else {
			ctx, cancel := context.WithCancel(c.ctx)
			unhook := context.AfterFunc(r.stopped, cancel)
			r.warehouse.Lock()
			if err := Niced(r.nice, func() { c.rep, c.err = r.execute(ctx, c.trigger) }); err != nil {
				r.logger.Warn("refresh ran at the server's priority", "nice", r.nice, "reason", err.Error())
			}
			r.warehouse.Unlock()
			unhook()
			cancel()
		}
		close(c.done)
		r.mu.Lock()
		c, r.queued = r.queued, nil
		if c == nil {
			r.running = false
		}
		r.mu.Unlock()
	}
}

// execute runs one refresh and records its outcome in the metrics, the state file and the log.
func (r *Refresher) execute(ctx context.Context, trigger string) (Report, error) {
	rep := Report{Trigger: trigger, Started: r.now()}
	r.logger.Info("refresh started", "trigger", trigger, "inbox", r.inbox, "warehouse", r.dbPath)
	err := r.refresh(ctx, &rep)
	rep.Finished = r.now()
	seconds := rep.Finished.Sub(rep.Started).Seconds()
	r.metrics.duration.Set(seconds)

	st, serr := readState(r.state)
	if serr != nil {
		r.logger.Warn("refresh: state unreadable, rewriting it", "reason", serr.Error())
	}
	if err != nil {
		rep.Status = StatusFailed
		rep.Error = err.Error()
		st.LastFailure, st.LastError = rep.Finished, rep.Error
		r.metrics.lastFailure.Set(unixSeconds(rep.Finished))
		r.logger.Error("refresh failed", "trigger", trigger, "reason", rep.Error, "run_id", rep.RunID,
			"files_taken", rep.FilesTaken, "files_failed", rep.FailedFiles(), "seconds", seconds)
	} else {
		rep.Status = StatusSucceeded
		if rep.FailedFiles() > 0 {
			rep.Status = StatusPartial
		}
		st.LastSuccess = rep.Finished
		r.metrics.lastSuccess.Set(unixSeconds(rep.Finished))
		r.logger.Info("refresh published", "trigger", trigger, "status", rep.Status, "run_id", rep.RunID,
			"snapshot", rep.Snapshot, "files_taken", rep.FilesTaken, "files_failed", rep.FailedFiles(),
			"rows_loaded", rep.RowsLoaded, "seconds", seconds)
	}
	if werr := writeState(r.state, st); werr != nil {
		r.logger.Warn("refresh: state not saved", "reason", werr.Error())
	}
	return rep, err
}

func (r *Refresher) refresh(ctx context.Context, rep *Report) error {
	if err := os.MkdirAll(r.inbox, 0o755); err != nil {
		return fmt.Errorf("inbox: %w", err)
	}
	take, waiting, err := scan(r.inbox, r.now(), r.settle, r.seen)
	if err != nil {
		return err
	}
	rep.Waiting = waiting
	for _, name := range waiting {
		r.logger.Info("refresh: file still being written, left for later", "file", name)
	}
	wh, err := warehouse.Open(ctx, r.dbPath, r.now)
	if err != nil {
		return err
	}
	closed := false
	defer func() {
		if !closed {
			wh.Close()
		}
	}()
	if r.threads > 0 {
		if _, err := wh.DB.ExecContext(ctx, "SET threads = ?", r.threads); err != nil {
			return fmt.Errorf("warehouse %s: threads %d: %w", r.dbPath, r.threads, err)
		}
	}
	for _, c := range take {
		fr, err := r.take(ctx, wh, c)
		if err != nil {
			return err
		}
		delete(r.seen, c.Path) // moved away: a new file of that name is judged afresh
		rep.Files = append(rep.Files, fr)
		rep.FilesTaken++
		if fr.Outcome == OutcomeLoaded {
			rep.RowsLoaded += fr.Accepted
		}
	}
	r.logger.Info("refresh: running stages", "files_taken", rep.FilesTaken, "rows_loaded", rep.RowsLoaded)
	res, err := r.runOrQuarantine(ctx, wh, rep)
	rep.RunID, rep.Snapshot = res.RunID, res.Snapshot
	if err != nil {
		return fmt.Errorf("stages: %w", err)
	}
	if res.Status != "" && res.Status != StatusSucceeded {
		return fmt.Errorf("stages: run %d ended %s", res.RunID, res.Status)
	}
	closed = true
	if err := wh.Close(); err != nil {
		return fmt.Errorf("warehouse %s: %w", r.dbPath, err)
	}
	return nil
}

// take loads one inbox file and, once the load committed, moves it to processed/ or, when the
// file is at fault (rejected rows, an *ingest.FileError), to failed/. It returns an error when
// the refresh must stop (cancelled, the warehouse failed, or the inbox is not writable); the
// file then stays in the inbox for the next refresh.
func (r *Refresher) take(ctx context.Context, wh *warehouse.Warehouse, c Candidate) (FileReport, error) {
	fr := FileReport{Name: c.Name}
	r.logger.Info("refresh: loading file", "file", c.Name, "bytes", c.Size)
	res, lerr := r.load(ctx, wh.DB, c.Path, r.now)
	if err := ctx.Err(); err != nil {
		return fr, fmt.Errorf("load %s: %w", c.Name, err)
	}
	var fileErr *ingest.FileError
	if lerr != nil && res.Rejected == 0 && !errors.As(lerr, &fileErr) {
		return fr, fmt.Errorf("load %s: %w", c.Name, lerr)
	}
	fr.Kind, fr.Accepted, fr.Rejected, fr.BatchID = res.Kind, res.Accepted, res.Rejected, res.BatchID
	date := r.now().Format("2006-01-02")
	if lerr == nil && res.Rejected == 0 {
		fr.Outcome = OutcomeLoaded
		if res.Unchanged {
			fr.Outcome = OutcomeUnchanged
		}
		dest, err := moveTo(c.Path, filepath.Join(r.inbox, ProcessedDir, date))
		if err != nil {
			return fr, fmt.Errorf("inbox: move %s to %s: %w", c.Name, ProcessedDir, err)
		}
		fr.MovedTo = dest
		r.metrics.files.WithLabelValues(fr.Outcome).Inc()
		r.logger.Info("refresh: file "+fr.Outcome, "file", c.Name, "kind", fr.Kind, "batch_id", res.BatchID,
			"rows", res.Accepted, "moved_to", dest)
		return fr, nil
	}

	// All the rejected rows are in rejected_row; the result may carry only the first ones.
	problems := res.Problems
	if res.Rejected > 0 && res.BatchID > 0 {
		stored, err := rejectedRows(ctx, wh.DB, res.BatchID)
		if err != nil {
			return fr, fmt.Errorf("load %s: rejected rows of batch %d: %w", c.Name, res.BatchID, err)
		}
		if len(stored) > 0 {
			problems = stored
		}
	}
	if len(problems) == 0 && lerr != nil {
		problems = []ingest.Problem{{Reason: lerr.Error()}}
	}
	if len(problems) > 0 {
		first := problems[0]
		first.File = c.Name
		fr.Reason = first.String()
	} else {
		fr.Reason = fmt.Sprintf("%s: %d rows rejected", c.Name, res.Rejected)
	}
	dest, err := freeName(filepath.Join(r.inbox, FailedDir, date), c.Name)
	if err != nil {
		return fr, fmt.Errorf("inbox: %s: %w", FailedDir, err)
	}
	// The errors file first: a crash before the move leaves the file in the inbox, and the
	// next refresh picks the same free name and overwrites the errors file.
	fr.ErrorsFile = dest + ".errors.csv"
	if err := writeErrors(fr.ErrorsFile, problems); err != nil {
		return fr, fmt.Errorf("inbox: errors of %s: %w", c.Name, err)
	}
	if err := durable.Rename(c.Path, dest); err != nil {
		return fr, fmt.Errorf("inbox: move %s to %s: %w", c.Name, FailedDir, err)
	}
	fr.Outcome, fr.MovedTo = OutcomeFailed, dest
	r.metrics.files.WithLabelValues(OutcomeFailed).Inc()
	r.logger.Warn("refresh: file failed", "file", c.Name, "reason", fr.Reason, "rows_rejected", res.Rejected,
		"moved_to", dest, "errors", fr.ErrorsFile)
	return fr, nil
}

//go:embed queries/rejected_rows.sql
var rejectedRowsSQL string

func rejectedRows(ctx context.Context, db *sql.DB, batchID int64) ([]ingest.Problem, error) {
	rows, err := db.QueryContext(ctx, rejectedRowsSQL, batchID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ingest.Problem
	for rows.Next() {
		var p ingest.Problem
		var line sql.NullInt64
		var column, value sql.NullString
		if err := rows.Scan(&line, &column, &value, &p.Reason); err != nil {
			return nil, err
		}
		p.Line, p.Column, p.Value = line.Int64, column.String, value.String
		out = append(out, p)
	}
	return out, rows.Err()
}
