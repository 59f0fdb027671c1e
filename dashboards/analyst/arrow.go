//go:build duckdb_arrow

package analyst

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/duckdb/duckdb-go/v2"
)

// ArrowResult is the Arrow form of a result, valid only inside the RunArrow callback.
type ArrowResult struct {
	Schema    *arrow.Schema
	Records   []arrow.RecordBatch
	Rows      int64
	Truncated bool
}

// WriteIPC writes the result as an Arrow IPC stream.
func (r *ArrowResult) WriteIPC(w io.Writer) error {
	iw := ipc.NewWriter(w, ipc.WithSchema(r.Schema))
	for _, rec := range r.Records {
		if err := iw.Write(rec); err != nil {
			iw.Close()
			return fmt.Errorf("arrow stream: %w", err)
		}
	}
	if err := iw.Close(); err != nil {
		return fmt.Errorf("arrow stream: %w", err)
	}
	return nil
}

// RunArrow guards q.SQL, runs it on one connection of db through duckdb-go's Arrow interface
// and calls use with the first MaxRows rows while the connection is still held. The records
// are released when use returns.
func RunArrow(ctx context.Context, db *sql.DB, q Query, use func(*ArrowResult) error) error {
	q = q.withDefaults()
	bounded, err := Bound(ctx, db, q.SQL, q.MaxRows)
	if err != nil {
		return err
	}
	q.SQL = bounded
	qctx, cancel := context.WithTimeout(ctx, q.Timeout)
	defer cancel()
	conn, err := db.Conn(qctx)
	if err != nil {
		return execError(qctx, q.Timeout, err)
	}
	defer conn.Close()
	var res ArrowResult
	defer func() {
		for _, rec := range res.Records {
			rec.Release()
		}
	}()
	var useErr error
	err = withArrow(conn, func(a *duckdb.Arrow) error {
		rr, err := a.QueryContext(qctx, q.SQL, q.Params...)
		if err != nil {
			return err
		}
		defer rr.Release()
		res.Schema = rr.Schema()
		limit := int64(q.MaxRows)
		for rr.Next() {
			rec := rr.RecordBatch()
			n := rec.NumRows()
			if n == 0 {
				continue
			}
			if res.Rows == limit {
				res.Truncated = true
				break
			}
			if res.Rows+n > limit {
				res.Records = append(res.Records, rec.NewSlice(0, limit-res.Rows))
				res.Rows = limit
				res.Truncated = true
				break
			}
			rec.Retain()
			res.Records = append(res.Records, rec)
			res.Rows += n
		}
		if err := rr.Err(); err != nil {
			return err
		}
		useErr = use(&res)
		return nil
	})
	if err != nil {
		return execError(qctx, q.Timeout, err)
	}
	return useErr
}

// withArrow runs fn with DuckDB's Arrow interface on conn's driver connection.
func withArrow(conn *sql.Conn, fn func(*duckdb.Arrow) error) error {
	return conn.Raw(func(dc any) error {
		drv, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("arrow: unexpected driver connection %T", dc)
		}
		a, err := duckdb.NewArrowFromConn(drv)
		if err != nil {
			return err
		}
		return fn(a)
	})
}
