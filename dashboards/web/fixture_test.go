package web

import (
	"context"
	"database/sql"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/setara-pug/setara/pipeline/snapshot"
)

type fixtureOptions struct {
	demo bool
	sql  string // run after fixture.sql, before publishing
}

// fixtureStore publishes testdata/fixture.sql as a snapshot in t.TempDir() and returns a store
// following it.
func fixtureStore(t *testing.T, opts fixtureOptions) *snapshot.Store {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	db, err := sql.Open("duckdb", filepath.Join(dir, "warehouse.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ddl, err := os.ReadFile(filepath.Join("testdata", "fixture.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, string(ddl)); err != nil {
		t.Fatalf("testdata/fixture.sql: %v", err)
	}
	if opts.sql != "" {
		if _, err := conn.ExecContext(ctx, opts.sql); err != nil {
			t.Fatalf("fixture: %v", err)
		}
	}
	if _, err := conn.ExecContext(ctx, "UPDATE published.snapshot_info SET demo = ?", opts.demo); err != nil {
		t.Fatal(err)
	}
	pub := filepath.Join(dir, "published")
	if err := snapshot.Publish(ctx, conn, pub, snapshot.Name(1), 3); err != nil {
		t.Fatal(err)
	}
	store := snapshot.NewStore(pub, snapshot.StoreOptions{})
	t.Cleanup(func() { store.Close() })
	if _, err := store.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	return store
}

// fixedNow is the test clock: 5 March 2024 14:05 WIB.
func fixedNow() time.Time { return time.Date(2024, 3, 5, 7, 5, 0, 0, time.UTC) }

// testLogger writes the handler's log lines into the test log.
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, nil))
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}
