package snapshottest

import (
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/setara-pug/setara/pipeline/snapshot"
)

// FixtureSQL creates and fills the published schema.
//
//go:embed fixture.sql
var FixtureSQL string

// Scratch is a scratch warehouse for code without a *testing.T (examples): a DuckDB file in a
// temporary directory of its own and one connection to it.
type Scratch struct {
	db     *sql.DB
	Conn   *sql.Conn
	DBPath string // the warehouse file
	Dir    string // the published directory snapshots go to (warehouse.PublishedDir(DBPath))
}

// OpenScratch creates a warehouse in a new temporary directory and runs schemaSQL on it
// (FixtureSQL: the fixture's published schema). Close removes it.
func OpenScratch(ctx context.Context, schemaSQL string) (*Scratch, error) {
	dir, err := os.MkdirTemp("", "setara-snapshot")
	if err != nil {
		return nil, err
	}
	s := &Scratch{DBPath: filepath.Join(dir, "warehouse.duckdb"), Dir: filepath.Join(dir, "published")}
	if s.db, err = sql.Open("duckdb", s.DBPath); err == nil {
		s.Conn, err = s.db.Conn(ctx)
	}
	if err == nil {
		if _, err = s.Conn.ExecContext(ctx, schemaSQL); err != nil {
			err = fmt.Errorf("schema SQL: %w", err)
		}
	}
	if err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Publish publishes the published schema as run runID and returns the snapshot path.
func (s *Scratch) Publish(ctx context.Context, runID int64) (string, error) {
	if err := snapshot.Publish(ctx, s.Conn, s.Dir, snapshot.Name(runID), 5); err != nil {
		return "", err
	}
	return snapshot.Current(s.Dir)
}

// Close closes the warehouse and removes its directory.
func (s *Scratch) Close() error {
	if s.Conn != nil {
		s.Conn.Close()
	}
	var err error
	if s.db != nil {
		err = s.db.Close()
	}
	os.RemoveAll(filepath.Dir(s.DBPath))
	return err
}

// Warehouse is a scratch warehouse holding the fixture's published schema, for tests.
type Warehouse struct {
	*Scratch
	t testing.TB
}

// NewWarehouse creates a warehouse removed when t ends and runs FixtureSQL on it.
func NewWarehouse(t testing.TB) *Warehouse {
	t.Helper()
	s, err := OpenScratch(context.Background(), FixtureSQL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return &Warehouse{Scratch: s, t: t}
}

// Exec runs SQL on the warehouse (to change the published tables between publishes).
func (w *Warehouse) Exec(query string, args ...any) {
	w.t.Helper()
	if _, err := w.Conn.ExecContext(context.Background(), query, args...); err != nil {
		w.t.Fatalf("%s: %v", query, err)
	}
}

// Publish publishes the published schema as run runID and returns the snapshot path.
func (w *Warehouse) Publish(runID int64) string {
	w.t.Helper()
	path, err := w.Scratch.Publish(context.Background(), runID)
	if err != nil {
		w.t.Fatal(err)
	}
	return path
}

// Snapshot publishes the fixture as run 1 and opens it read-only, as the server does.
func Snapshot(t testing.TB) *sql.DB {
	t.Helper()
	w := NewWarehouse(t)
	w.Publish(1)
	return OpenCurrent(t, w.Dir)
}

// OpenCurrent opens the current snapshot of the published directory dir read-only, as the
// server does; it is closed when t ends.
func OpenCurrent(t testing.TB, dir string) *sql.DB {
	t.Helper()
	path, err := snapshot.Current(dir)
	if err != nil {
		t.Fatal(err)
	}
	db, err := snapshot.OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
