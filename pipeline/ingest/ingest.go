package ingest

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/setara-pug/setara/queries"
)

// Options says how to read and load a file.
type Options struct {
	Kind     string    // "", "regions", "indicators", "microdata", "programs", "gbs", "readiness", "table" ("" = detect by header or layout)
	Sheet    string    // XLSX sheet name ("" = first visible sheet)
	Decimal  string    // "auto" (default), "comma" (1.234,5), "point"
	Strict   bool      // all-or-nothing: any rejected row => nothing loaded (batch status "rejected")
	DryRun   bool      // validate only: report, load nothing (setara validate)
	Progress io.Writer // progress display (nil = none); drawn only on a terminal, after ~2 s
	Now      func() time.Time
	Logger   *slog.Logger // per-step timings at debug level (nil = discard)
	// Survey names the survey and round the file's records come from ("Susenas Maret 2023"),
	// recorded on the batch; microdata estimates carry it as their source ("" = not named).
	Survey string

	// A BPS-style table's indicator (a catalog code or alias), year and sex (P, L or T)
	// ("", 0: not given). The indicator and the year override the title's; the header's
	// years and sexes override these.
	Indicator string
	Year      int
	Sex       string

	// OPDCodes, when set, restricts the load to rows of these OPDs (programs, gbs, readiness):
	// a row of another OPD is rejected as not the account's (an upload by an OPD's contributor).
	OPDCodes []string

	// MaxProblems is how many problems the Result carries (0: 100); rejected_row keeps all of
	// them in a load, but a dry run keeps nothing, so an annotated copy asks for more.
	MaxProblems int

	fullPath bool // skip the one pass (onepass.go): tests compare the two paths
}

// Problem is one rejected row.
type Problem struct {
	File   string
	Line   int64 // 0 when the problem is not about one line
	Column string
	Value  string
	Reason string // includes "(expected ...)"
}

// String formats the problem as FILE:LINE:COLUMN: field "VALUE": reason (expected ...); a
// problem of the whole file (line 0) as FILE: reason, and one of a line without a column or
// a value as FILE:LINE: reason.
func (p Problem) String() string {
	switch {
	case p.Line == 0:
		return fmt.Sprintf("%s: %s", p.File, p.Reason)
	case p.Column == "" && p.Value == "":
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Reason)
	default:
		return fmt.Sprintf("%s:%d:%s: field %q: %s", p.File, p.Line, p.Column, p.Value, p.Reason)
	}
}

// maxProblems is how many problems a Result carries; rejected_row keeps all of them.
const maxProblems = 100

// Result is the outcome of loading (or validating) one file.
type Result struct {
	File      string
	Kind      string
	Format    string
	BatchID   int64
	Accepted  int64
	Rejected  int64
	Unchanged bool   // byte-identical file (same sha256 and kind) already loaded: nothing done
	Status    string // "loaded", "rejected", "unchanged", "validated"
	Seconds   float64
	Problems  []Problem // the first Options.MaxProblems (100) problems, by line (all are stored in rejected_row)
	Ignored   []string  // header columns that are not part of the kind (ignored)
	NoData    int64     // a table's cells that say "no data" (-, ..., NA, empty): no fact, no reject
}

// Summary is one line: file, kind, accepted, rejected, seconds.
func (r Result) Summary() string {
	if r.Unchanged {
		return fmt.Sprintf("%s: %s, unchanged (already loaded as batch %d), nothing done", r.File, r.Kind, r.BatchID)
	}
	if r.Kind == "table" {
		return fmt.Sprintf("%s: %s, %d accepted, %d rejected, %d no data, %.2f s (%s)", r.File, r.Kind, r.Accepted, r.Rejected, r.NoData, r.Seconds, r.Status)
	}
	return fmt.Sprintf("%s: %s, %d accepted, %d rejected, %.2f s (%s)", r.File, r.Kind, r.Accepted, r.Rejected, r.Seconds, r.Status)
}

// LoadFile validates the file at path and, unless opts.DryRun, loads its valid rows as one
// batch in one transaction. It returns an error (and loads nothing) when the file cannot be
// read as a whole: missing, a directory, empty, an unrecognised header, a broken XLSX, ...
// (a *FileError), or when the warehouse fails (any other error).
func LoadFile(ctx context.Context, db *sql.DB, path string, opts Options) (Result, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return Result{File: filepath.Base(path)}, fmt.Errorf("%s: %w", path, err)
	}
	defer conn.Close()
	return loadFile(ctx, conn, path, opts)
}

// LoadFiles loads several files on one connection, regions files first so that the others
// may use the regions they declare (also when validating: a dry run keeps the declared codes
// for the rest of the session). report is called once per file, in load order.
func LoadFiles(ctx context.Context, db *sql.DB, paths []string, opts Options, report func(Result, error)) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	order := make([]string, len(paths))
	copy(order, paths)
	rank := map[string]int{}
	for _, p := range order {
		kind := opts.Kind
		if kind == "" {
			kind, _ = peekKind(p, opts)
		}
		rank[p] = LoadRank(kind)
	}
	sort.SliceStable(order, func(i, j int) bool { return rank[order[i]] < rank[order[j]] })
	for _, p := range order {
		if err := ctx.Err(); err != nil {
			return err
		}
		report(loadFile(ctx, conn, p, opts))
	}
	return nil
}

// LoadRank orders files by what they need loaded before them: regions (0) before the facts
// that name them (1), and gbs files (2) after the programs whose activities they name.
func LoadRank(kind string) int {
	switch kind {
	case "regions":
		return 0
	case "gbs":
		return 2
	}
	return 1
}

// sqlFile reads one embedded ingestion SQL file; name comes from this package only.
func sqlFile(name string) string {
	b, err := fs.ReadFile(queries.Ingest, "ingest/"+name)
	if err != nil {
		panic("ingest: missing embedded SQL " + name) // a build defect, not an input error
	}
	return string(b)
}

func execFile(ctx context.Context, q querier, name string, args ...any) (int64, error) {
	res, err := q.ExecContext(ctx, sqlFile(name), args...)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// setVariables sets DuckDB session variables. The names are constants of this package
// (DuckDB takes no parameter for a variable's name); the values are parameters.
func setVariables(ctx context.Context, q querier, vars map[string]any) error {
	for name, v := range vars {
		if _, err := q.ExecContext(ctx, "SET VARIABLE "+name+" = ?", v); err != nil {
			return err
		}
	}
	return nil
}

type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func formatOf(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
		return "xlsx"
	case ".parquet", ".pq":
		return "parquet"
	default:
		return "csv"
	}
}

func statInput(path string) (os.FileInfo, error) {
	st, err := os.Stat(path)
	switch {
	case os.IsNotExist(err):
		return nil, fileError(path, "no such file")
	case err != nil:
		return nil, fileError(path, "%v", unwrapPathError(err))
	case st.IsDir():
		return nil, fileError(path, "is a directory (expected a CSV, XLSX or Parquet file)")
	case st.Size() == 0:
		return nil, fileError(path, "empty file (expected a header line and rows)")
	}
	return st, nil
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}
