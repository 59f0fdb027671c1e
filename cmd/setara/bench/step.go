package bench

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2" // the duckdb database/sql driver

	"github.com/setara-pug/setara/pipeline/ingest"
	"github.com/setara-pug/setara/pipeline/snapshot"
	"github.com/setara-pug/setara/pipeline/stages"
	"github.com/setara-pug/setara/pipeline/warehouse"
	"github.com/setara-pug/setara/queries"
)

//go:embed sql/*.sql
var sqlFiles embed.FS

// Step kinds, each run in its own child process so that its peak RSS is its own.
const (
	StepNativeCSV     = "native-csv"     // DuckDB read_csv into a table (yardstick)
	StepNativeParquet = "native-parquet" // DuckDB read_parquet into a table (yardstick)
	StepIngest        = "ingest"         // ingest.LoadFile of Preload, then the timed File
	StepRun           = "run"            // stages.Run, then one more snapshot.Publish, timed alone
	StepBare          = "bare"           // the stage SQL alone on one connection (yardstick)
	StepServe         = "serve"          // the HTTP server; see serve.go
	StepFlight        = "flight"         // a 1 M-row Flight SQL stream to a Go client; see flight.go
	StepNativeArrow   = "native-arrow"   // the same query through DuckDB's Arrow export (yardstick)
	StepStreamArrow   = "stream-arrow"   // the same query through the server's streaming export, no network
	StepLoad          = "load"           // ingest.LoadFile of Preload into an existing warehouse
	StepRetractRun    = "retract-run"    // warehouse.Retract of Batch, then stages.Run; see change.go
	StepDiff          = "diff"           // diff.Compare of the snapshots From and DB (as setara diff)
	StepNativeDiff    = "native-diff"    // EXCEPT of the same published tables (yardstick)
)

// Spec is what a child step gets, as one JSON argument.
type Spec struct {
	Step        string   `json:"step"`
	DB          string   `json:"db"`
	File        string   `json:"file,omitempty"`
	Preload     []string `json:"preload,omitempty"`
	MemoryLimit string   `json:"memory_limit,omitempty"` // DuckDB memory_limit, e.g. "1GB" ("" = DuckDB's default)
	Dir         string   `json:"dir,omitempty"`          // scratch directory of the step
	Token       string   `json:"token,omitempty"`        // serve: the admin bearer token
	Without     string   `json:"without,omitempty"`      // run: a directory of queries.Stages left out, e.g. "stages/evaluation"
	Batch       int64    `json:"batch,omitempty"`        // retract-run: the batch to retract
	From        string   `json:"from,omitempty"`         // diff: the old snapshot (DB is the new one)
}

// StepResult is what a child step prints as its last line of JSON.
type StepResult struct {
	Seconds        float64 `json:"seconds"`
	Rows           int64   `json:"rows,omitempty"`
	PublishSeconds float64 `json:"publish_seconds,omitempty"`
	Stages         int     `json:"stages,omitempty"`
	StageSeconds   []Timed `json:"stage_seconds,omitempty"` // run and bare: each stage in order
	Snapshot       string  `json:"snapshot,omitempty"`      // run and retract-run: the published snapshot file
	Batch          int64   `json:"batch,omitempty"`         // load: the batch of the last file
	RetractSeconds float64 `json:"retract_seconds,omitempty"`
	// PeakRSS is the step process's own peak resident set in MiB (VmHWM), 0 if unknown. The
	// parent's rusage of the child is not: Linux carries the peak of the address space a
	// child leaves at exec into its ru_maxrss, and Go starts a child in the parent's (vfork).
	PeakRSS float64 `json:"peak_rss_mib,omitempty"`
}

// Timed is the duration of one named part of a step.
type Timed struct {
	Name    string  `json:"name"`
	Seconds float64 `json:"seconds"`
}

// StepMain runs the step described by the JSON argument args[0], writing its result (and for
// the serve step, its addresses first) as JSON lines to stdout. It is the body of the hidden
// `setara bench step` command.
func StepMain(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) != 1 {
		return fmt.Errorf("bench step: want one JSON argument, got %d", len(args))
	}
	var spec Spec
	if err := json.Unmarshal([]byte(args[0]), &spec); err != nil {
		return fmt.Errorf("bench step: %w", err)
	}
	var res StepResult
	var err error
	switch spec.Step {
	case StepNativeCSV:
		res, err = stepNative(ctx, spec, "sql/native_csv.sql")
	case StepNativeParquet:
		res, err = stepNative(ctx, spec, "sql/native_parquet.sql")
	case StepIngest:
		res, err = stepIngest(ctx, spec)
	case StepRun:
		res, err = stepRun(ctx, spec)
	case StepBare:
		res, err = stepBare(ctx, spec)
	case StepServe:
		return stepServe(ctx, spec, stdin, stdout)
	case StepFlight:
		res, err = stepFlight(ctx, spec)
	case StepNativeArrow:
		res, err = stepNativeArrow(ctx, spec)
	case StepStreamArrow:
		res, err = stepStreamArrow(ctx, spec)
	case StepLoad:
		res, err = stepLoad(ctx, spec)
	case StepRetractRun:
		res, err = stepRetractRun(ctx, spec)
	case StepDiff:
		res, err = stepDiff(ctx, spec)
	case StepNativeDiff:
		res, err = stepNativeDiff(ctx, spec)
	default:
		return fmt.Errorf("bench step: unknown step %q", spec.Step)
	}
	if err != nil {
		return fmt.Errorf("bench step %s: %w", spec.Step, err)
	}
	res.PeakRSS = ownPeakRSS()
	return json.NewEncoder(stdout).Encode(res)
}

// ownPeakRSS is this process's peak resident set in MiB, VmHWM of /proc/self/status (0 where
// there is none).
func ownPeakRSS() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			if err != nil {
				return 0
			}
			return kb / 1024
		}
	}
	return 0
}

func sqlText(name string) string {
	b, err := sqlFiles.ReadFile(name)
	if err != nil {
		panic("bench: missing embedded SQL " + name) // a build defect
	}
	return string(b)
}

// setMemoryLimit applies DuckDB's memory_limit to the whole database instance of db.
func setMemoryLimit(ctx context.Context, db *sql.DB, limit string) error {
	if limit == "" {
		return nil
	}
	if _, err := db.ExecContext(ctx, "SET memory_limit = ?", limit); err != nil {
		return fmt.Errorf("memory_limit %q: %w", limit, err)
	}
	return nil
}

// openWarehouse opens the warehouse at path with the spec's memory limit.
func openWarehouse(ctx context.Context, spec Spec) (*warehouse.Warehouse, error) {
	wh, err := warehouse.Open(ctx, spec.DB, time.Now)
	if err != nil {
		return nil, err
	}
	if err := setMemoryLimit(ctx, wh.DB, spec.MemoryLimit); err != nil {
		wh.Close()
		return nil, err
	}
	return wh, nil
}

// stepNative loads spec.File into a new table of a fresh database with DuckDB's own reader.
func stepNative(ctx context.Context, spec Spec, file string) (StepResult, error) {
	if err := removeDB(spec.DB); err != nil {
		return StepResult{}, err
	}
	db, err := sql.Open("duckdb", spec.DB)
	if err != nil {
		return StepResult{}, err
	}
	defer db.Close()
	if err := setMemoryLimit(ctx, db, spec.MemoryLimit); err != nil {
		return StepResult{}, err
	}
	t0 := time.Now()
	if _, err := db.ExecContext(ctx, sqlText(file), spec.File); err != nil {
		return StepResult{}, fmt.Errorf("%s: %s: %w", file, spec.File, err)
	}
	secs := time.Since(t0).Seconds()
	var n int64
	if err := db.QueryRowContext(ctx, sqlText("sql/native_count.sql")).Scan(&n); err != nil {
		return StepResult{}, err
	}
	return StepResult{Seconds: secs, Rows: n}, nil
}

// stepIngest loads the preload files (regions first, untimed), then times spec.File.
func stepIngest(ctx context.Context, spec Spec) (StepResult, error) {
	if err := removeDB(spec.DB); err != nil {
		return StepResult{}, err
	}
	wh, err := openWarehouse(ctx, spec)
	if err != nil {
		return StepResult{}, err
	}
	defer wh.Close()
	for _, p := range spec.Preload {
		if err := loadClean(ctx, wh.DB, p, nil); err != nil {
			return StepResult{}, err
		}
	}
	var res ingest.Result
	t0 := time.Now()
	if err := loadClean(ctx, wh.DB, spec.File, &res); err != nil {
		return StepResult{}, err
	}
	return StepResult{Seconds: time.Since(t0).Seconds(), Rows: res.Accepted}, nil
}

// loadClean loads one file and fails on any rejected row: the bench data are generated valid.
func loadClean(ctx context.Context, db *sql.DB, path string, out *ingest.Result) error {
	res, err := ingest.LoadFile(ctx, db, path, ingest.Options{Now: time.Now})
	if err != nil {
		return err
	}
	if res.Rejected > 0 {
		return fmt.Errorf("%s: %d rows rejected, e.g. %v", path, res.Rejected, res.Problems)
	}
	if out != nil {
		*out = res
	}
	return nil
}

// stepRun times a full stages.Run (stages, checks, records, publish), then, when spec.Dir is
// set, times one more snapshot.Publish of the same published tables into a scratch directory:
// the cost of the publish step alone. spec.Without leaves a directory of stages out of the run.
func stepRun(ctx context.Context, spec Spec) (StepResult, error) {
	fsys, err := stagesWithout(spec.Without)
	if err != nil {
		return StepResult{}, err
	}
	wh, err := openWarehouse(ctx, spec)
	if err != nil {
		return StepResult{}, err
	}
	defer wh.Close()
	t0 := time.Now()
	res, err := stages.Run(ctx, wh, stages.Options{Trigger: "run", Now: time.Now, FS: fsys})
	if err != nil {
		return StepResult{}, err
	}
	out := runResult(res, time.Since(t0).Seconds(), wh.PublishedDir())
	if spec.Dir == "" {
		return out, nil
	}

	conn, err := wh.DB.Conn(ctx)
	if err != nil {
		return StepResult{}, err
	}
	defer conn.Close()
	dir := filepath.Join(spec.Dir, "publish-only")
	t1 := time.Now()
	if err := snapshot.Publish(ctx, conn, dir, snapshot.Name(res.RunID), 1); err != nil {
		return StepResult{}, err
	}
	out.PublishSeconds = time.Since(t1).Seconds()
	if err := os.RemoveAll(dir); err != nil {
		return StepResult{}, err
	}
	return out, nil
}

// runResult is the step result of a finished run that took secs.
func runResult(res stages.Result, secs float64, publishedDir string) StepResult {
	out := StepResult{Seconds: secs, Stages: len(res.Stages), Snapshot: filepath.Join(publishedDir, res.Snapshot)}
	for _, st := range res.Stages {
		out.StageSeconds = append(out.StageSeconds, Timed{Name: st.Name, Seconds: st.Seconds})
	}
	return out
}

// stepBare runs the same stage SQL as stages.Run on one connection in one transaction, with
// the run context the stages read, but no checks, row counts, run records or publish.
func stepBare(ctx context.Context, spec Spec) (StepResult, error) {
	list, _, err := stages.Load(queries.Stages)
	if err != nil {
		return StepResult{}, err
	}
	clear, err := runnerSQL("context_clear")
	if err != nil {
		return StepResult{}, err
	}
	set, err := runnerSQL("context_set")
	if err != nil {
		return StepResult{}, err
	}
	wh, err := openWarehouse(ctx, spec)
	if err != nil {
		return StepResult{}, err
	}
	defer wh.Close()
	conn, err := wh.DB.Conn(ctx)
	if err != nil {
		return StepResult{}, err
	}
	defer conn.Close()

	t0 := time.Now()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return StepResult{}, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, clear); err != nil {
		return StepResult{}, fmt.Errorf("context_clear: %w", err)
	}
	if _, err := tx.ExecContext(ctx, set, int64(1), "bench", "bare", t0, false, 30); err != nil {
		return StepResult{}, fmt.Errorf("context_set: %w", err)
	}
	var times []Timed
	for _, st := range list {
		t := time.Now()
		if _, err := tx.ExecContext(ctx, st.SQL); err != nil {
			return StepResult{}, fmt.Errorf("%s: %w", st.File, err)
		}
		times = append(times, Timed{Name: st.Name, Seconds: time.Since(t).Seconds()})
	}
	if err := tx.Commit(); err != nil {
		return StepResult{}, err
	}
	return StepResult{Seconds: time.Since(t0).Seconds(), Stages: len(list), StageSeconds: times}, nil
}

// runnerSQL reads one of the stage runner's own statements.
func runnerSQL(name string) (string, error) {
	b, err := queries.Stages.ReadFile("stages/runner/" + name + ".sql")
	if err != nil {
		return "", fmt.Errorf("queries/stages/runner/%s.sql: %w", name, err)
	}
	return string(b), nil
}

// removeDB deletes a database file and its WAL so a step starts from nothing.
func removeDB(path string) error {
	for _, p := range []string{path, path + ".wal"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}
