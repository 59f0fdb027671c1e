package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/setara-pug/setara/queries"
)

// Standings of a batch (the view batch_standing).
const (
	StandingActive      = "active"      // its facts count
	StandingSuperseded  = "superseded"  // a later counted batch came from a file of the same name
	StandingRetracted   = "retracted"   // taken back: its facts stop counting from the next run
	StandingQuarantined = "quarantined" // set aside by a refresh whose run it made fail
	StandingRejected    = "rejected"    // a strict load with rejected rows: it never had facts
)

// Batch is one loaded file and its standing.
type Batch struct {
	ID           int64
	File, Path   string
	Kind, SHA256 string
	Accepted     int64
	Rejected     int64
	LoadedAt     time.Time
	Standing     string
	Reason       string    // why it was retracted, quarantined or restored; what superseded it
	ChangedBy    string    // who changed its standing last ("" when never changed)
	ChangedAt    time.Time // when (zero when never changed)
	UploadedBy   string    // who uploaded its file through the web ("" when it was not)
}

// Change is who changes a batch's standing, when and why.
type Change struct {
	By     string
	At     time.Time
	Reason string
}

// Quarantine says why a refresh set a batch aside: the run, its failing check and the
// check's offending rows with this batch (JSON), for the messages of every surface.
type Quarantine struct {
	RunID     int64
	Check     string
	CheckRows string
}

// ErrNoBatch marks a batch id the warehouse does not have.
var ErrNoBatch = errors.New("no such batch")

// ErrStanding marks a change the batch's standing does not allow (retracting a retracted
// batch, restoring an active one).
var ErrStanding = errors.New("not allowed for the batch's status")

// batchSQL reads one embedded statement of queries/batches.
func batchSQL(name string) string {
	b, err := fs.ReadFile(queries.Batches, "batches/"+name+".sql")
	if err != nil {
		panic("warehouse: missing embedded SQL batches/" + name + ".sql") // a build defect
	}
	return string(b)
}

// Batches lists every batch with its standing, newest first.
func Batches(ctx context.Context, db *sql.DB) ([]Batch, error) {
	rows, err := db.QueryContext(ctx, batchSQL("list"))
	if err != nil {
		return nil, fmt.Errorf("batches: %w", err)
	}
	defer rows.Close()
	var out []Batch
	for rows.Next() {
		var b Batch
		var changed sql.NullTime
		if err := rows.Scan(&b.ID, &b.File, &b.Path, &b.Kind, &b.SHA256, &b.Accepted, &b.Rejected, &b.LoadedAt,
			&b.Standing, &b.Reason, &b.ChangedBy, &changed, &b.UploadedBy); err != nil {
			return nil, fmt.Errorf("batches: %w", err)
		}
		b.ChangedAt = changed.Time
		out = append(out, b)
	}
	return out, rows.Err()
}

// Retract takes batches back in one transaction: from the next run their facts stop counting
// and, for every key they superseded, the latest earlier counted batch counts again. Nothing is
// deleted. Every id must name a batch that has facts and is not retracted already; otherwise
// nothing changes.
func Retract(ctx context.Context, db *sql.DB, ids []int64, c Change) error {
	if strings.TrimSpace(c.Reason) == "" {
		return errors.New("retract: a reason is required (--reason TEXT)")
	}
	return changeStanding(ctx, db, ids, StandingRetracted, c, Quarantine{}, func(id int64, standing string) error {
		switch standing {
		case StandingRetracted:
			return fmt.Errorf("batch %d is already retracted: %w", id, ErrStanding)
		case StandingRejected:
			return fmt.Errorf("batch %d was rejected at load and has no facts to retract: %w", id, ErrStanding)
		}
		return nil
	})
}

// Restore undoes the retraction (or the quarantine) of a batch: from the next run its facts
// count again.
func Restore(ctx context.Context, db *sql.DB, id int64, c Change) error {
	if strings.TrimSpace(c.Reason) == "" {
		c.Reason = "restored"
	}
	return changeStanding(ctx, db, []int64{id}, "restored", c, Quarantine{}, func(id int64, standing string) error {
		if standing != StandingRetracted && standing != StandingQuarantined {
			return fmt.Errorf("batch %d is %s, not retracted or quarantined: nothing to restore: %w", id, standing, ErrStanding)
		}
		return nil
	})
}

// QuarantineBatch sets a batch aside for the refresh: its facts stop counting.
func QuarantineBatch(ctx context.Context, db *sql.DB, id int64, c Change, q Quarantine) error {
	return changeStanding(ctx, db, []int64{id}, StandingQuarantined, c, q, func(int64, string) error { return nil })
}

// changeStanding records action for every id in one transaction, after allow accepted each
// batch's current standing.
func changeStanding(ctx context.Context, db *sql.DB, ids []int64, action string, c Change, q Quarantine, allow func(int64, string) error) error {
	if len(ids) == 0 {
		return errors.New("no batch id given")
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, id := range ids {
		var standing string
		err := tx.QueryRowContext(ctx, batchSQL("standing"), id).Scan(&standing)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("batch %d: %w (see setara batches)", id, ErrNoBatch)
		}
		if err != nil {
			return fmt.Errorf("batch %d: %w", id, err)
		}
		if err := allow(id, standing); err != nil {
			return err
		}
		var run, check, rows any
		if q.Check != "" {
			run, check, rows = q.RunID, q.Check, q.CheckRows
		}
		if _, err := tx.ExecContext(ctx, batchSQL("event"), id, action, c.At, c.By, c.Reason, run, check, rows); err != nil {
			return fmt.Errorf("batch %d: %w", id, err)
		}
	}
	return tx.Commit()
}

// NewBatches are the counted batches the last committed run did not have (all counted
// batches before any run), oldest first: the batches a refresh may quarantine.
func NewBatches(ctx context.Context, db *sql.DB) ([]int64, error) {
	var exists int
	if err := db.QueryRowContext(ctx, batchSQL("published_exists")).Scan(&exists); err != nil {
		return nil, fmt.Errorf("new batches: %w", err)
	}
	var since int64
	if exists > 0 {
		if err := db.QueryRowContext(ctx, batchSQL("published_max")).Scan(&since); err != nil {
			return nil, fmt.Errorf("new batches: %w", err)
		}
	}
	rows, err := db.QueryContext(ctx, batchSQL("new_since"), since)
	if err != nil {
		return nil, fmt.Errorf("new batches: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// FactKey selects input facts: a nil part matches anything.
type FactKey struct {
	Region    *string
	Year      *int64
	Indicator *string
	Sex       *string
	OPD       *string
	Person    *string
}

// Fact is one input line behind a value.
type Fact struct {
	File    string
	BatchID int64
	Line    int64
	What    string   // "parliament_share P", "program / activity", "person ID", ...
	Value   *float64 // nil for facts without one number (regions)
}

// Facts lists the lines of batch (0: of every counted batch, newest first) whose facts match
// k, at most 50.
func Facts(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, batch int64, k FactKey) ([]Fact, error) {
	var b any
	if batch > 0 {
		b = batch
	}
	rows, err := q.QueryContext(ctx, batchSQL("lines"), b, deref(k.Region), deref(k.Year), deref(k.Indicator), deref(k.Sex), deref(k.OPD), deref(k.Person))
	if err != nil {
		return nil, fmt.Errorf("input facts: %w", err)
	}
	defer rows.Close()
	var out []Fact
	for rows.Next() {
		var f Fact
		var v sql.NullFloat64
		if err := rows.Scan(&f.File, &f.BatchID, &f.Line, &f.What, &v); err != nil {
			return nil, fmt.Errorf("input facts: %w", err)
		}
		if v.Valid {
			f.Value = &v.Float64
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}
