package snapshottest

import (
	"context"
	"database/sql"
	_ "embed"
	"path/filepath"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/setara-pug/setara/pipeline/snapshot"
)

// FixtureSQL creates and fills the published schema.
//
//go:embed fixture.sql
var FixtureSQL string

// Warehouse is a scratch warehouse holding the fixture's published schema.
type Warehouse struct {
	t      testing.TB
	conn   *sql.Conn
	DBPath string // the warehouse file
	Dir    string // the published directory snapshots go to (warehouse.PublishedDir(DBPath))
}

// NewWarehouse creates a warehouse in t.TempDir() and runs FixtureSQL on it.
func NewWarehouse(t testing.TB) *Warehouse {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "warehouse.duckdb")
	db, err := sql.Open("duckdb", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := conn.ExecContext(ctx, FixtureSQL); err != nil {
		t.Fatalf("fixture.sql: %v", err)
	}
	return &Warehouse{t: t, conn: conn, DBPath: dbPath, Dir: filepath.Join(dir, "published")}
}

// Exec runs SQL on the warehouse (to change the published tables between publishes).
func (w *Warehouse) Exec(query string, args ...any) {
	w.t.Helper()
	if _, err := w.conn.ExecContext(context.Background(), query, args...); err != nil {
		w.t.Fatalf("%s: %v", query, err)
	}
}

// Publish publishes the published schema as run runID and returns the snapshot path.
func (w *Warehouse) Publish(runID int64) string {
	w.t.Helper()
	if err := snapshot.Publish(context.Background(), w.conn, w.Dir, snapshot.Name(runID), 5); err != nil {
		w.t.Fatal(err)
	}
	path, err := snapshot.Current(w.Dir)
	if err != nil {
		w.t.Fatal(err)
	}
	return path
}

// Snapshot publishes the fixture as run 1 and opens it read-only, as the server does.
func Snapshot(t testing.TB) *sql.DB {
	t.Helper()
	path := NewWarehouse(t).Publish(1)
	db, err := snapshot.OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
