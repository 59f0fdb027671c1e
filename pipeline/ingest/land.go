package ingest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// landed says how to read the landing data as rows of text with their lines.
type landed struct {
	from     string // FROM clause (generated from constants only)
	lineExpr string
	parquet  bool // columns need a cast to VARCHAR
	direct   bool // from is the CSV reader itself: lines are numbered after the checks
}

// land makes the per-file scratch tables and lands the file: every format ends as rows of
// text with their lines (l.lnd). A direct CSV and a Parquet file are only described here:
// the checks read them in place.
func (l *loader) land(ctx context.Context) error {
	if l.tbl != nil {
		var err error
		l.lnd, err = l.landTable(ctx)
		return err
	}
	if err := newLanding(ctx, l.conn, l.h.fields); err != nil {
		return fmt.Errorf("%s: %w", l.path, err)
	}
	var err error
	switch l.res.Format {
	case "csv":
		l.lnd, err = l.landCSV(ctx)
	case "xlsx":
		l.lnd, err = landXLSX(ctx, l.conn, l.path, l.h, l.opts)
	case "parquet":
		l.lnd = landParquet(l.h)
	}
	return err
}

// newLanding makes the per-file scratch tables afresh (land_tables.sql: the reader's rejects,
// the header) and fills the header.
func newLanding(ctx context.Context, conn *sql.Conn, fields []string) error {
	if _, err := execFile(ctx, conn, "land_tables.sql"); err != nil {
		return err
	}
	return landHeader(conn, fields)
}

// withDriverConn runs f with conn's DuckDB driver connection (appenders need it).
func withDriverConn(conn *sql.Conn, f func(driver.Conn) error) error {
	return conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return errors.New("not a DuckDB connection")
		}
		return f(c)
	})
}

// landHeader fills land_header through an appender (a header may have 10,000 columns).
func landHeader(conn *sql.Conn, fields []string) error {
	return withDriverConn(conn, func(c driver.Conn) error {
		a, err := duckdb.NewAppender(c, "temp", "main", "land_header")
		if err != nil {
			return err
		}
		for i, f := range fields {
			if err := a.AppendRow(int32(i), strings.TrimSpace(f)); err != nil {
				a.Close()
				return err
			}
		}
		return a.Close()
	})
}

// createLand makes the landing table for readers that know each record's line. Its columns
// are one per header field, so the statement is generated (from constants and a count).
func createLand(ctx context.Context, conn *sql.Conn, n int) error {
	cols := make([]string, n)
	for i := range cols {
		cols[i] = "c" + strconv.Itoa(i) + " VARCHAR"
	}
	_, err := conn.ExecContext(ctx, "CREATE OR REPLACE TEMP TABLE land (line BIGINT, "+strings.Join(cols, ", ")+")")
	if err != nil {
		return err
	}
	_, err = execFile(ctx, conn, "land_reject_clear.sql")
	return err
}

// lander appends landing rows and structural rejects through DuckDB appenders.
type lander struct {
	path          string // the file, for the errors that are its fault
	n             int
	rows, rejects *duckdb.Appender
	delim         string
	row           []driver.Value
}

// withLander makes the landing table of n columns and runs fill with a lander over it; delim
// joins the fields of a rejected record into its value.
func withLander(ctx context.Context, conn *sql.Conn, path string, n int, delim string, fill func(*lander) error) error {
	if err := createLand(ctx, conn, n); err != nil {
		return err
	}
	return withDriverConn(conn, func(c driver.Conn) error {
		rows, err := duckdb.NewAppender(c, "temp", "main", "land")
		if err != nil {
			return err
		}
		rejects, err := duckdb.NewAppender(c, "temp", "main", "land_reject")
		if err != nil {
			rows.Close()
			return err
		}
		l := &lander{path: path, n: n, rows: rows, rejects: rejects, delim: delim, row: make([]driver.Value, n+1)}
		ferr := fill(l)
		err1, err2 := rows.Close(), rejects.Close()
		return errors.Join(ferr, err1, err2)
	})
}

// add lands one record, or rejects it when its shape is wrong.
func (l *lander) add(line int64, rec []string) error {
	for i, v := range rec {
		if !utf8.ValidString(v) {
			return l.reject(line, i, strings.ToValidUTF8(strings.Join(rec, l.delim), "\uFFFD"), "invalid text encoding (expected UTF-8)")
		}
	}
	if len(rec) != l.n {
		pos := len(rec)
		if len(rec) > l.n {
			pos = -1
		}
		return l.reject(line, pos, strings.Join(rec, l.delim),
			fmt.Sprintf("row has %d fields (expected %d, as in the header)", len(rec), l.n))
	}
	l.row[0] = line
	for i, v := range rec {
		l.row[i+1] = v
	}
	return l.rows.AppendRow(l.row...)
}

func (l *lander) reject(line int64, pos int, value, reason string) error {
	var p driver.Value
	if pos >= 0 {
		p = int32(pos)
	}
	return l.rejects.AppendRow(line, p, value, reason)
}

// fileError is the FileError of the landed file: a reader found it unreadable.
func (l *lander) fileError(err error) error {
	return &FileError{Path: l.path, Err: err}
}
