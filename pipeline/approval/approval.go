package approval

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"strings"
	"time"

	"github.com/setara-pug/setara/pipeline/snapshot"
	"github.com/setara-pug/setara/pipeline/warehouse"
	"github.com/setara-pug/setara/queries"
)

// Standings of a candidate run (run_approval.decision of its latest row).
const (
	Candidate = "candidate"
	Approved  = "approved"
	Rejected  = "rejected"
)

// ErrNotCandidate means the run is not a candidate waiting for a decision.
var ErrNotCandidate = errors.New("not a candidate waiting for approval")

// Decision is one row of the approval history, or the standing of one candidate run.
type Decision struct {
	RunID     int64
	Snapshot  string
	Standing  string // candidate, approved, rejected
	DecidedBy string
	DecidedAt time.Time
	Reason    string
}

// Options of Approve and Reject.
type Options struct {
	By     string // who decides: a person or a token name (default: the process user)
	Reason string // why (required by Reject)
	Keep   int    // published snapshots kept after the switch (default 5)
	Now    func() time.Time
}

func (o Options) withDefaults() Options {
	if o.By == "" {
		o.By = ProcessUser()
	}
	if o.Keep < 1 {
		o.Keep = 5
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// ProcessUser is the account running this process ($USER, else the system's name for it).
func ProcessUser() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "unknown"
}

// Approve records the approval of the candidate run runID and makes its snapshot current.
// The decision is committed before the switch, so readers never see an unapproved snapshot;
// approving a run whose switch a crash interrupted finishes it.
func Approve(ctx context.Context, wh *warehouse.Warehouse, runID int64, opts Options) (Decision, error) {
	opts = opts.withDefaults()
	d, err := State(ctx, wh.DB, runID)
	if err != nil {
		return Decision{}, err
	}
	switch d.Standing {
	case Candidate:
		if _, err := snapshot.Locate(wh.PublishedDir(), runID); err != nil {
			return d, fmt.Errorf("approve run %d: %w", runID, err)
		}
		if err := snapshot.NotStale(wh.PublishedDir(), runID); err != nil {
			return d, err
		}
		if err := exec(ctx, wh.DB, "decide", runID, Approved, opts.By, opts.Now(), nullable(opts.Reason)); err != nil {
			return d, err
		}
	case Approved:
		if cur, err := snapshot.Current(wh.PublishedDir()); err == nil && snapshot.RunOf(cur) == runID {
			return d, fmt.Errorf("approve run %d: %w: already approved by %s at %s and current", runID, ErrNotCandidate, d.DecidedBy, d.DecidedAt.UTC().Format(time.DateTime))
		}
	default:
		return d, fmt.Errorf("approve run %d: %w (it was %s by %s: %s)", runID, ErrNotCandidate, d.Standing, d.DecidedBy, d.Reason)
	}
	if err := snapshot.Approve(wh.PublishedDir(), runID, opts.Keep); err != nil {
		return d, err
	}
	return State(ctx, wh.DB, runID)
}

// Reject records why the candidate run runID is not to be published and moves its file to
// candidates/rejected/, where it is kept. CURRENT is unchanged.
func Reject(ctx context.Context, wh *warehouse.Warehouse, runID int64, opts Options) (Decision, error) {
	opts = opts.withDefaults()
	if strings.TrimSpace(opts.Reason) == "" {
		return Decision{}, fmt.Errorf("reject run %d: a reason is required", runID)
	}
	d, err := State(ctx, wh.DB, runID)
	if err != nil {
		return Decision{}, err
	}
	if d.Standing == Rejected && snapshot.Reject(wh.PublishedDir(), runID) == nil {
		return d, nil // a reject a crash interrupted between its record and its move: finished
	}
	if d.Standing != Candidate {
		return d, fmt.Errorf("reject run %d: %w (it was %s by %s)", runID, ErrNotCandidate, d.Standing, d.DecidedBy)
	}
	if err := exec(ctx, wh.DB, "decide", runID, Rejected, opts.By, opts.Now(), opts.Reason); err != nil {
		return d, err
	}
	// Recorded first, moved second: rejecting again after a crash in between finishes the move.
	if err := snapshot.Reject(wh.PublishedDir(), runID); err != nil && !errors.Is(err, snapshot.ErrNoCandidate) {
		return d, err
	}
	return State(ctx, wh.DB, runID)
}

// State is the standing of the candidate run runID.
func State(ctx context.Context, db *sql.DB, runID int64) (Decision, error) {
	ds, err := query(ctx, db, "state", runID)
	if err != nil {
		return Decision{}, err
	}
	if len(ds) == 0 {
		return Decision{}, fmt.Errorf("run %d: %w: it was not run with --candidate (see `setara runs`)", runID, ErrNotCandidate)
	}
	return ds[0], nil
}

// History is every decision, oldest first; Standing holds the decision.
func History(ctx context.Context, db *sql.DB) ([]Decision, error) {
	stmt, err := statement("history")
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, stmt)
	if err != nil {
		return nil, fmt.Errorf("queries/approval/history.sql: %w", err)
	}
	defer rows.Close()
	var out []Decision
	for rows.Next() {
		var d Decision
		if err := rows.Scan(&d.RunID, &d.Standing, &d.DecidedBy, &d.DecidedAt, &d.Reason); err != nil {
			return nil, fmt.Errorf("queries/approval/history.sql: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

func query(ctx context.Context, db *sql.DB, name string, args ...any) ([]Decision, error) {
	stmt, err := statement(name)
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, stmt, args...)
	if err != nil {
		return nil, fmt.Errorf("queries/approval/%s.sql: %w", name, err)
	}
	defer rows.Close()
	var out []Decision
	for rows.Next() {
		var d Decision
		if err := rows.Scan(&d.RunID, &d.Snapshot, &d.Standing, &d.DecidedBy, &d.DecidedAt, &d.Reason); err != nil {
			return nil, fmt.Errorf("queries/approval/%s.sql: %w", name, err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

func exec(ctx context.Context, db *sql.DB, name string, args ...any) error {
	stmt, err := statement(name)
	if err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, stmt, args...); err != nil {
		return fmt.Errorf("queries/approval/%s.sql: %w", name, err)
	}
	return nil
}

func statement(name string) (string, error) {
	b, err := fs.ReadFile(queries.Approval, "approval/"+name+".sql")
	if err != nil {
		return "", fmt.Errorf("queries/approval/%s.sql: %w", name, err)
	}
	return string(b), nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
