//go:build !duckdb_arrow

package analyst

import (
	"context"
	"database/sql"

	"github.com/apache/arrow-go/v18/arrow"
)

// Stream is what StreamArrow sent (unavailable in this build).
type Stream struct {
	Rows      int64
	Truncated bool
}

// StreamArrow is unavailable in this build.
func StreamArrow(ctx context.Context, db *sql.DB, path string, q Query, start func(*arrow.Schema) error, emit func(arrow.RecordBatch) error) (Stream, error) {
	return Stream{}, ErrNoArrow
}
