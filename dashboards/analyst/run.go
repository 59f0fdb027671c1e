package analyst

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Defaults of Query.
const (
	DefaultTimeout = 10 * time.Second
	DefaultMaxRows = 100_000
)

// ErrTimeout is wrapped by the error of a query that ran out of time.
var ErrTimeout = errors.New("query timed out")

// Query is one analyst query. Zero Timeout and MaxRows mean the defaults.
type Query struct {
	SQL     string
	Params  []any
	Timeout time.Duration
	MaxRows int
}

func (q Query) withDefaults() Query {
	if q.Timeout <= 0 {
		q.Timeout = DefaultTimeout
	}
	if q.MaxRows <= 0 {
		q.MaxRows = DefaultMaxRows
	}
	return q
}

// Result holds the rows of a query as Go values from the duckdb driver (nil for NULL).
type Result struct {
	Columns   []string
	Types     []string // DuckDB type names, e.g. VARCHAR, DOUBLE, DATE
	Rows      [][]any
	Truncated bool // the query had more than MaxRows rows; Rows holds the first MaxRows
}

// Run guards q.SQL, bounds it to MaxRows+1 rows (see Bound) and runs it on db (a snapshot opened with snapshot.OpenReadOnly).
func Run(ctx context.Context, db *sql.DB, q Query) (*Result, error) {
	q = q.withDefaults()
	bounded, err := Bound(ctx, db, q.SQL, q.MaxRows)
	if err != nil {
		return nil, err
	}
	q.SQL = bounded
	return Fetch(ctx, db, q)
}

// Fetch runs q without the guard, with its timeout and row limit: for the server's own,
// trusted SQL files.
func Fetch(ctx context.Context, db *sql.DB, q Query) (*Result, error) {
	q = q.withDefaults()
	qctx, cancel := context.WithTimeout(ctx, q.Timeout)
	defer cancel()
	rows, err := db.QueryContext(qctx, q.SQL, q.Params...)
	if err != nil {
		return nil, execError(qctx, q.Timeout, err)
	}
	defer rows.Close()
	types, err := rows.ColumnTypes()
	if err != nil {
		return nil, execError(qctx, q.Timeout, err)
	}
	res := &Result{}
	for _, ct := range types {
		res.Columns = append(res.Columns, ct.Name())
		res.Types = append(res.Types, ct.DatabaseTypeName())
	}
	// The rows' values are allocated in blocks of rows, not row by row: a read API answer
	// has tens of thousands of rows.
	const block = 256
	var values []any
	ptrs := make([]any, len(types))
	for rows.Next() {
		if len(res.Rows) == q.MaxRows {
			res.Truncated = true
			break
		}
		if len(values) < len(types) {
			values = make([]any, block*len(types))
		}
		row := values[:len(types):len(types)]
		values = values[len(types):]
		for i := range row {
			ptrs[i] = &row[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, execError(qctx, q.Timeout, err)
		}
		res.Rows = append(res.Rows, row)
	}
	if err := rows.Err(); err != nil {
		return nil, execError(qctx, q.Timeout, err)
	}
	return res, nil
}

// execError names a timeout as such; other errors are DuckDB's (binder errors, bad params).
func execError(ctx context.Context, timeout time.Duration, err error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%w after %s", ErrTimeout, timeout)
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return &ExecError{Err: err}
}

// ExecError is a query that passed the guard but failed in DuckDB (unknown column, wrong
// parameter count, division by zero, ...): the analyst's error, not the server's.
type ExecError struct {
	Err error
}

func (e *ExecError) Error() string { return "query failed: " + firstLine(e.Err.Error()) }
func (e *ExecError) Unwrap() error { return e.Err }
