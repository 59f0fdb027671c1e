//go:build duckdb_arrow

package analyst

import (
	"context"
	"database/sql"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/duckdb/duckdb-go/v2"
)

// Stream is what StreamArrow sent: how many rows, and whether the row limit cut the result.
type Stream struct {
	Rows      int64
	Truncated bool
}

// StreamArrow guards q.SQL, bounds it to MaxRows+1 rows and runs it on one connection of db
// through duckdb-go's Arrow interface. It calls start with the schema, then emit with each
// record batch as DuckDB hands it over (a batch is valid only during the call; retain it to
// keep it), until MaxRows rows were sent. The records are DuckDB's own Arrow export: no row
// passes through Go values. An error of start or emit (a client gone) stops the query and
// releases the connection; StreamArrow returns that error.
func StreamArrow(ctx context.Context, db *sql.DB, q Query, start func(*arrow.Schema) error, emit func(arrow.RecordBatch) error) (Stream, error) {
	q = q.withDefaults()
	bounded, err := Bound(ctx, db, q.SQL, q.MaxRows)
	if err != nil {
		return Stream{}, err
	}
	qctx, cancel := context.WithTimeout(ctx, q.Timeout)
	defer cancel()
	conn, err := db.Conn(qctx)
	if err != nil {
		return Stream{}, execError(qctx, q.Timeout, err)
	}
	defer conn.Close()
	var st Stream
	var cbErr error // an error of start or emit: the caller's, returned as it is
	err = withArrow(conn, func(a *duckdb.Arrow) error {
		rr, err := a.QueryContext(qctx, bounded, q.Params...)
		if err != nil {
			return err
		}
		defer rr.Release()
		if cbErr = start(rr.Schema()); cbErr != nil {
			return nil
		}
		st, cbErr = emitLimited(rr, int64(q.MaxRows), emit)
		if cbErr != nil {
			return nil
		}
		return rr.Err()
	})
	if cbErr != nil {
		return st, cbErr
	}
	if err != nil {
		return st, execError(qctx, q.Timeout, err)
	}
	return st, nil
}

// recordSource is the part of array.RecordReader emitLimited reads.
type recordSource interface {
	Next() bool
	RecordBatch() arrow.RecordBatch
}

// emitLimited hands the batches of rr to emit until limit rows were sent; the batch crossing
// the limit is sliced (a zero-copy view).
func emitLimited(rr recordSource, limit int64, emit func(arrow.RecordBatch) error) (Stream, error) {
	var st Stream
	for rr.Next() {
		rec := rr.RecordBatch()
		n := rec.NumRows()
		if n == 0 {
			continue
		}
		if st.Rows == limit {
			st.Truncated = true
			return st, nil
		}
		if st.Rows+n > limit {
			part := rec.NewSlice(0, limit-st.Rows)
			err := emit(part)
			part.Release()
			if err != nil {
				return st, err
			}
			st.Rows = limit
			st.Truncated = true
			return st, nil
		}
		if err := emit(rec); err != nil {
			return st, err
		}
		st.Rows += n
	}
	return st, nil
}
