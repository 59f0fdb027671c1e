package stages

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"strings"
	"time"

	"github.com/setara-pug/setara/pipeline/snapshot"
	"github.com/setara-pug/setara/pipeline/warehouse"
	"github.com/setara-pug/setara/queries"
)

// The defaults of Options, also the defaults of the command line's --keep and --reliability.
const (
	DefaultKeep        = 5  // published snapshots kept
	DefaultReliability = 30 // unweighted records a microdata cell needs to be reliable
)

// Options configure a run.
type Options struct {
	Trigger              string // "run", "demo", "refresh", "schedule" (recorded in run.trigger)
	Keep                 int    // snapshots kept (default DefaultKeep)
	ReliabilityThreshold int    // unweighted records a microdata cell needs to be reliable (default DefaultReliability)
	Demo                 bool   // snapshot_info.demo: the data are the synthetic demo set
	Logger               *slog.Logger
	Now                  func() time.Time
	FS                   fs.FS // stages and checks; default queries.Stages
	FilesTaken           int   // recorded in the run row (refresh fills these)
	RowsLoaded           int64
	// Exclude leaves these batches' facts out of the run (the refresh's probes).
	Exclude []int64
	// Probe runs the stages and checks and rolls everything back: no run row, no snapshot.
	// The refresh probes which new batches make a blocking check fail.
	Probe bool
	// Candidate publishes the snapshot under published/candidates/ without making it current:
	// readers see it only once `setara approve` approves it (see snapshot.Approve).
	Candidate bool
}

// StageResult is what one stage did. Rows is -1 when the stage creates no table.
type StageResult struct {
	Name, File string
	Seconds    float64
	Rows       int64
}

// CheckResult is one check's outcome: FailingRows offending rows (0 = pass), Sample the first
// of them as JSON (stored in run_check), Rows the same rows as values (numbers as float64 or
// int64, never a driver type), Title what the check asks, in words.
type CheckResult struct {
	Name, File, Severity string
	Title                string
	FailingRows          int64
	Sample               string
	Columns              []string
	Rows                 [][]any
}

// Result of a run. Status is "succeeded" or "failed".
type Result struct {
	RunID    int64
	Snapshot string
	Status   string
	Stages   []StageResult
	Checks   []CheckResult
	// Candidate: the snapshot waits under published/candidates/ for approval.
	Candidate bool
}

// Warnings are the warning checks that found rows.
func (r Result) Warnings() []CheckResult {
	var out []CheckResult
	for _, c := range r.Checks {
		if c.Severity == SeverityWarning && c.FailingRows > 0 {
			out = append(out, c)
		}
	}
	return out
}

// ErrBlockingCheck marks a run stopped by a blocking check.
var ErrBlockingCheck = errors.New("blocking check failed")

// Run statuses.
const (
	StatusRunning   = "running"
	StatusSucceeded = "succeeded"
	StatusFailed    = "failed"
)

// sampleRows is how many offending rows a check keeps as its sample.
const sampleRows = 5

// Run records a new run, runs every stage and check of opts.FS on one connection inside one
// transaction, and on success commits and publishes snapshot.Name(runID) into the
// warehouse's published directory. A failing stage or blocking check rolls everything back:
// nothing is published and the current snapshot stays current. The run row, its stages and
// its checks are recorded either way.
func Run(ctx context.Context, wh *warehouse.Warehouse, opts Options) (Result, error) {
	opts = withDefaults(opts)
	stageList, checks, err := Load(opts.FS)
	if err != nil {
		return Result{Status: StatusFailed}, err
	}
	conn, err := wh.DB.Conn(ctx)
	if err != nil {
		return Result{Status: StatusFailed}, fmt.Errorf("run: %w", err)
	}
	defer conn.Close()

	r := &runner{conn: conn, opts: opts, log: opts.Logger}
	started := opts.Now()
	if opts.Probe {
		r.res.Snapshot = "probe"
		err := r.transform(ctx, stageList, checks, started)
		r.res.Status = StatusSucceeded
		if err != nil {
			r.res.Status = StatusFailed
		}
		return r.res, err
	}
	if err := r.queryRow(ctx, conn, "run_start", []any{opts.Trigger, started, opts.FilesTaken, opts.RowsLoaded}, &r.res.RunID); err != nil {
		return Result{Status: StatusFailed}, fmt.Errorf("run: record start: %w", err)
	}
	r.res.Snapshot = snapshot.Name(r.res.RunID)
	r.res.Candidate = opts.Candidate
	r.log.Info("run started", "run_id", r.res.RunID, "trigger", opts.Trigger, "stages", len(stageList), "checks", len(checks))

	runErr := r.transform(ctx, stageList, checks, started)
	if runErr == nil {
		if opts.Candidate {
			runErr = snapshot.PublishCandidate(ctx, conn, wh.PublishedDir(), r.res.Snapshot)
		} else {
			runErr = snapshot.Publish(ctx, conn, wh.PublishedDir(), r.res.Snapshot, opts.Keep)
		}
		if runErr == nil {
			r.res.Status = StatusSucceeded
			r.log.Info("run published", "run_id", r.res.RunID, "snapshot", r.res.Snapshot)
			return r.res, nil
		}
		// Committed but not published: the run row said succeeded; correct it.
		if err := r.finish(ctx, conn, StatusFailed, runErr.Error(), ""); err != nil {
			runErr = errors.Join(runErr, err)
		}
		r.res.Status = StatusFailed
		return r.res, runErr
	}
	r.res.Status = StatusFailed
	// The transaction is rolled back: record what happened outside it.
	if err := r.record(context.WithoutCancel(ctx), conn, StatusFailed, runErr.Error(), ""); err != nil {
		runErr = errors.Join(runErr, fmt.Errorf("run %d: record failure: %w", r.res.RunID, err))
	}
	r.res.Snapshot = ""
	return r.res, runErr
}

func withDefaults(o Options) Options {
	if o.Trigger == "" {
		o.Trigger = "run"
	}
	if o.Keep <= 0 {
		o.Keep = DefaultKeep
	}
	if o.ReliabilityThreshold <= 0 {
		o.ReliabilityThreshold = DefaultReliability
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.FS == nil {
		o.FS = queries.Stages
	}
	return o
}

type runner struct {
	conn *sql.Conn
	opts Options
	log  *slog.Logger
	res  Result
}

// execer is what both *sql.Conn and *sql.Tx provide.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// transform runs stages and checks in one transaction and, when all pass, writes the run's
// records and the published history tables inside it and commits.
func (r *runner) transform(ctx context.Context, stageList []Stage, checks []Check, started time.Time) error {
	tx, err := r.conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("run: %w", err)
	}
	defer tx.Rollback()
	if err := r.exec(ctx, tx, "context_clear"); err != nil {
		return err
	}
	if err := r.exec(ctx, tx, "context_set", r.res.RunID, r.opts.Trigger, r.res.Snapshot, started, r.opts.Demo, r.opts.ReliabilityThreshold); err != nil {
		return err
	}
	if err := r.exec(ctx, tx, "exclude_clear"); err != nil {
		return err
	}
	for _, id := range r.opts.Exclude {
		if err := r.exec(ctx, tx, "exclude_add", id); err != nil {
			return err
		}
	}
	// Each check runs right after the last of the stages it depends on.
	position := map[string]int{}
	for i, st := range stageList {
		position[st.Name] = i
	}
	after := make([][]Check, len(stageList)+1)
	for _, c := range checks {
		at := len(stageList)
		if len(c.Depends) > 0 {
			at = 0
			for _, d := range c.Depends {
				at = max(at, position[d])
			}
		}
		after[at] = append(after[at], c)
	}
	for i, st := range stageList {
		if err := r.runStage(ctx, tx, st); err != nil {
			return err
		}
		if err := r.runChecks(ctx, tx, after[i]); err != nil {
			return err
		}
	}
	if err := r.runChecks(ctx, tx, after[len(stageList)]); err != nil {
		return err
	}
	if r.opts.Probe {
		return nil // rolled back
	}
	if err := r.record(ctx, tx, StatusSucceeded, "", r.res.Snapshot); err != nil {
		return fmt.Errorf("run %d: record: %w", r.res.RunID, err)
	}
	if r.opts.Candidate {
		if err := r.exec(ctx, tx, "run_candidate", r.res.RunID, r.opts.Trigger, r.opts.Now()); err != nil {
			return err
		}
	}
	if err := r.exec(ctx, tx, "history"); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("run %d: commit: %w", r.res.RunID, err)
	}
	return nil
}

func (r *runner) runStage(ctx context.Context, tx *sql.Tx, st Stage) error {
	t0 := r.opts.Now()
	if _, err := tx.ExecContext(ctx, st.SQL); err != nil {
		return fmt.Errorf("%s: stage %s: %w", st.File, st.Name, err)
	}
	rows := int64(-1)
	if st.Creates != "" {
		// st.Creates matched tableName when the file was loaded: a plain schema.table.
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM "+st.Creates).Scan(&rows); err != nil {
			return fmt.Errorf("%s: stage %s: counting %s: %w", st.File, st.Name, st.Creates, err)
		}
	}
	secs := r.opts.Now().Sub(t0).Seconds()
	r.res.Stages = append(r.res.Stages, StageResult{Name: st.Name, File: st.File, Seconds: secs, Rows: rows})
	r.log.Info("stage", "name", st.Name, "rows", rows, "seconds", secs)
	return nil
}

func (r *runner) runChecks(ctx context.Context, tx *sql.Tx, checks []Check) error {
	for _, c := range checks {
		res, err := runCheck(ctx, tx, c)
		if err != nil {
			return err
		}
		res.Title = c.Title
		r.res.Checks = append(r.res.Checks, res)
		if res.FailingRows == 0 {
			continue
		}
		if c.Severity == SeverityBlocking {
			return &CheckError{Check: res, Inputs: inputsOf(ctx, tx, res)}
		}
		r.log.Warn("check", "name", c.Name, "title", c.Title, "failing_rows", res.FailingRows, "rows", DescribeRows(res, 3))
	}
	return nil
}

// runCheck counts the check query's rows and keeps the first few as a JSON sample.
func runCheck(ctx context.Context, q execer, c Check) (CheckResult, error) {
	res := CheckResult{Name: c.Name, File: c.File, Severity: c.Severity}
	rows, err := q.QueryContext(ctx, c.SQL)
	if err != nil {
		return res, fmt.Errorf("%s: check %s: %w", c.File, c.Name, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return res, fmt.Errorf("%s: check %s: %w", c.File, c.Name, err)
	}
	res.Columns = cols
	var sample []map[string]any
	for rows.Next() {
		res.FailingRows++
		if len(sample) >= sampleRows {
			continue
		}
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return res, fmt.Errorf("%s: check %s: %w", c.File, c.Name, err)
		}
		row := make(map[string]any, len(cols))
		for i, col := range cols {
			vals[i] = plainValue(vals[i])
			row[col] = jsonValue(vals[i])
		}
		sample = append(sample, row)
		res.Rows = append(res.Rows, vals)
	}
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("%s: check %s: %w", c.File, c.Name, err)
	}
	if len(sample) > 0 {
		b, err := json.Marshal(sample)
		if err != nil {
			return res, fmt.Errorf("%s: check %s: sample: %w", c.File, c.Name, err)
		}
		res.Sample = string(b)
	}
	return res, nil
}

// jsonValue makes a scanned value JSON-friendly (NaN and infinities become strings).
func jsonValue(v any) any {
	switch x := v.(type) {
	case float64:
		if x != x || x > 1.7976931348623157e308 || x < -1.7976931348623157e308 {
			return fmt.Sprint(x)
		}
	case []byte:
		return string(x)
	}
	return v
}

// record writes the run's stage and check rows and finishes its run row.
func (r *runner) record(ctx context.Context, q execer, status, errText, snap string) error {
	for i, s := range r.res.Stages {
		var rows any
		if s.Rows >= 0 {
			rows = s.Rows
		}
		if err := r.exec(ctx, q, "stage_record", r.res.RunID, i+1, s.Name, s.File, s.Seconds, rows); err != nil {
			return err
		}
	}
	for _, c := range r.res.Checks {
		var sample any
		if c.Sample != "" {
			sample = c.Sample
		}
		if err := r.exec(ctx, q, "check_record", r.res.RunID, c.Name, c.File, c.Severity, c.FailingRows, sample); err != nil {
			return err
		}
	}
	return r.finish(ctx, q, status, errText, snap)
}

func (r *runner) finish(ctx context.Context, q execer, status, errText, snap string) error {
	var e, s any
	if errText != "" {
		e = errText
	}
	if snap != "" {
		s = snap
	}
	return r.exec(ctx, q, "run_finish", r.opts.Now(), status, e, s, r.res.RunID)
}

// exec runs the runner statement queries/stages/runner/NAME.sql.
func (r *runner) exec(ctx context.Context, q execer, name string, args ...any) error {
	stmt, err := runnerSQL(name)
	if err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, stmt, args...); err != nil {
		return fmt.Errorf("queries/%s/%s.sql: %w", runnerDir, name, err)
	}
	return nil
}

func (r *runner) queryRow(ctx context.Context, q execer, name string, args []any, dest ...any) error {
	stmt, err := runnerSQL(name)
	if err != nil {
		return err
	}
	if err := q.QueryRowContext(ctx, stmt, args...).Scan(dest...); err != nil {
		return fmt.Errorf("queries/%s/%s.sql: %w", runnerDir, name, err)
	}
	return nil
}

// runnerSQL reads a runner statement from the embedded queries (always queries.Stages, also
// when Options.FS replaces the stages).
func runnerSQL(name string) (string, error) {
	b, err := fs.ReadFile(queries.Stages, runnerDir+"/"+name+".sql")
	if err != nil {
		return "", fmt.Errorf("queries/%s/%s.sql: %w", runnerDir, name, err)
	}
	return strings.TrimSpace(string(b)), nil
}
