package stages

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// RunRecord is one row of the run history, for `setara runs`.
type RunRecord struct {
	ID         int64
	Trigger    string
	Status     string
	StartedAt  time.Time
	FinishedAt time.Time // zero while running (or when the process died mid-run)
	Error      string
	Snapshot   string
	FilesTaken int
	RowsLoaded int64
	Stages     int // stages that completed
	Warnings   int // warning checks that found rows
	Blocking   int // blocking checks that found rows
}

// Seconds is the run's duration, 0 when it has not finished.
func (r RunRecord) Seconds() float64 {
	if r.FinishedAt.IsZero() {
		return 0
	}
	return r.FinishedAt.Sub(r.StartedAt).Seconds()
}

// Recent returns the n most recent runs, newest first.
func Recent(ctx context.Context, db *sql.DB, n int) ([]RunRecord, error) {
	stmt, err := runnerSQL("recent")
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, stmt, n)
	if err != nil {
		return nil, fmt.Errorf("run history: %w", err)
	}
	defer rows.Close()
	var out []RunRecord
	for rows.Next() {
		var r RunRecord
		var finished sql.NullTime
		if err := rows.Scan(&r.ID, &r.Trigger, &r.StartedAt, &finished, &r.Status, &r.Error, &r.Snapshot,
			&r.FilesTaken, &r.RowsLoaded, &r.Stages, &r.Warnings, &r.Blocking); err != nil {
			return nil, fmt.Errorf("run history: %w", err)
		}
		r.FinishedAt = finished.Time
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("run history: %w", err)
	}
	return out, nil
}
