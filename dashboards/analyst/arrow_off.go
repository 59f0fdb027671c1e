//go:build !duckdb_arrow

package analyst

import (
	"context"
	"database/sql"
	"errors"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
)

// ErrNoArrow is returned by RunArrow in a binary built without the duckdb_arrow tag.
var ErrNoArrow = errors.New("this setara was built without Arrow support (build tag duckdb_arrow)")

// ArrowResult is the Arrow form of a result (unavailable in this build).
type ArrowResult struct {
	Schema    *arrow.Schema
	Records   []arrow.RecordBatch
	Rows      int64
	Truncated bool
}

// WriteIPC is unavailable in this build.
func (r *ArrowResult) WriteIPC(w io.Writer) error { return ErrNoArrow }

// RunArrow is unavailable in this build.
func RunArrow(ctx context.Context, db *sql.DB, q Query, use func(*ArrowResult) error) error {
	return ErrNoArrow
}
