package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"
)

// loader loads one file on one connection. Its phases run in this order, one method each:
// open (the options, the header, the kind: header.go), unchanged (the digest, and whether
// the file was loaded before: digest.go), land (land.go), session (check.go), the one pass
// (onepass.go), check (check.go), number (number.go), dedupe (dedupe.go) and commit
// (commit.go). The fields are filled as the phases run.
type loader struct {
	conn  *sql.Conn
	path  string
	opts  Options
	now   func() time.Time
	log   *slog.Logger
	start time.Time // when the load started
	last  time.Time // when the last step ended (step timings)

	size   int64         // the file's size in bytes
	digest func() digest // waits for the digest computed beside the read (once)
	h      header
	spec   kindSpec
	pos    []int // pos[i]: the header position of spec.columns[i] (-1: absent)
	lnd    landed

	// rowLine and join number the rows of check_row r in the view checked (generated from
	// constants only): r.line, unless a direct CSV is numbered by its rowid (number.go).
	rowLine, join string
	batchID       int64  // reserved by the one pass when it declines (0: none yet)
	tbl           *table // a BPS-style table, read and reshaped by open (nil: not a table)

	res Result
}

func newLoader(conn *sql.Conn, path string, opts Options) *loader {
	l := &loader{conn: conn, path: path, opts: opts, now: opts.Now, log: opts.Logger, rowLine: "r.line"}
	if l.now == nil {
		l.now = time.Now
	}
	if l.log == nil {
		l.log = slog.New(slog.DiscardHandler)
	}
	l.start, l.last = l.now(), l.now()
	l.res = Result{File: filepath.Base(path), Format: formatOf(path)}
	return l
}

func loadFile(ctx context.Context, conn *sql.Conn, path string, opts Options) (Result, error) {
	l := newLoader(conn, path, opts)
	err := l.load(ctx)
	l.res.Seconds = l.now().Sub(l.start).Seconds()
	return l.res, err
}

// load runs the phases. Every error it returns names the file.
func (l *loader) load(ctx context.Context) error {
	if err := l.open(ctx); err != nil {
		return err
	}
	stop := startProgress(l.opts.Progress, l.res.File, l.now)
	defer stop()
	if done, err := l.unchanged(ctx); done || err != nil {
		return err
	}
	if err := l.land(ctx); err != nil {
		return err
	}
	l.step("land")
	if err := l.session(ctx); err != nil {
		return err
	}
	l.step("session")
	if l.onePassFits() {
		if done, err := l.onePass(ctx); done || err != nil {
			return err
		}
	}
	// A direct CSV is read here, while the digest runs beside it; when its reader fails,
	// number reads it again with the Go reader.
	checkErr := l.check(ctx)
	if checkErr != nil && !l.lnd.direct {
		return l.blame(ctx, checkErr)
	}
	l.step("check")
	if _, err := l.sum(); err != nil {
		return err
	}
	l.step("digest wait")
	if l.lnd.direct {
		if err := l.number(ctx, checkErr); err != nil {
			return err
		}
		l.step("verify")
	}
	if err := l.dedupe(ctx); err != nil {
		return l.blame(ctx, err)
	}
	l.step("duplicates")
	return l.blame(ctx, l.commit(ctx))
}

// blame names the file on err, as a FileError when the file is at fault. A Parquet file is
// read lazily by the checks, and DuckDB's reader does not always name the file when one of
// its data pages is damaged, so a failed load of a Parquet file reads the file once more,
// alone: if that fails too, the file is at fault, else the warehouse is.
func (l *loader) blame(ctx context.Context, err error) error {
	var fe *FileError
	if err == nil || errors.As(err, &fe) || ctx.Err() != nil || !l.lnd.parquet {
		return atFile(l.path, err)
	}
	var n int64
	if rerr := l.conn.QueryRowContext(ctx, sqlFile("read_parquet_whole.sql")).Scan(&n); rerr != nil && ctx.Err() == nil {
		return fileError(l.path, "not a readable Parquet file (%s)", firstLine(rerr.Error()))
	}
	return atFile(l.path, err)
}

// step logs how long the step that just ended took (debug level).
func (l *loader) step(name string) {
	t := l.now()
	l.log.Debug("ingest step", "file", l.res.File, "step", name, "seconds", t.Sub(l.last).Seconds())
	l.last = t
}

// open checks the options and the file, reads its header and decides its kind.
func (l *loader) open(ctx context.Context) error {
	if l.opts.Kind != "" {
		if _, ok := specOf(l.opts.Kind); !ok {
			return fmt.Errorf("unknown kind %q (expected %s)", l.opts.Kind, strings.Join(Kinds(), ", "))
		}
	}
	switch l.opts.Decimal {
	case "", "auto", "comma", "point":
	default:
		return fmt.Errorf("unknown decimal format %q (expected auto, comma or point)", l.opts.Decimal)
	}
	st, err := statInput(l.path)
	if err != nil {
		return err
	}
	l.size = st.Size()
	if l.opts.Kind == "table" {
		return l.tryTable(ctx, nil)
	}
	l.h, err = readHeader(ctx, l.conn, l.path, l.res.Format, l.opts)
	if err == nil {
		l.spec, err = chooseKind(l.path, l.h.fields, l.opts.Kind)
	}
	if err != nil {
		var fe *FileError
		if l.opts.Kind == "" && l.res.Format != "parquet" && errors.As(err, &fe) {
			return l.tryTable(ctx, err)
		}
		return err
	}
	l.res.Kind = l.spec.name
	l.pos, l.res.Ignored = l.spec.columnMap(l.h.fields)
	return nil
}

// tryTable reads the file as a BPS-style table. When it has no table layout, a file of no
// named kind fails with notKind, the error that its header gave (nil: the kind is "table").
func (l *loader) tryTable(ctx context.Context, notKind error) error {
	if l.res.Format == "parquet" {
		return fileError(l.path, "a Parquet file is no table (expected a CSV or XLSX table)")
	}
	t, err := readLayout(l.path, l.res.Format, l.opts)
	if notKind != nil && (err != nil || t.lo.dataTo == t.lo.dataFrom) {
		return notKind // not a table either (a table found by its layout has data rows)
	}
	if err == nil {
		err = t.shape(ctx, l.conn, l.path, l.opts)
	}
	if err != nil {
		return atFile(l.path, err)
	}
	l.openTable(t)
	return nil
}
