package warehouse

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/setara-pug/setara/pipeline/internal/holdtest"
	"github.com/setara-pug/setara/queries"
)

func fixedNow() time.Time { return time.Date(2026, 11, 29, 2, 0, 0, 0, time.UTC) }

func TestOpenEmptyWarehouseMigratesAndLoadsReference(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	w, err := Open(ctx, path, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	v, err := Version(ctx, w.DB)
	if err != nil {
		t.Fatal(err)
	}
	if v < 1 {
		t.Fatalf("schema version = %d after open, want >= 1", v)
	}
	var provinces, kecamatan int
	w.DB.QueryRowContext(ctx, `SELECT count(*) FILTER (level = 'province'), count(*) FILTER (level = 'district' AND parent_code = '1275') FROM region`).Scan(&provinces, &kecamatan)
	if provinces != 38 || kecamatan != 21 {
		t.Errorf("built-in regions: %d provinces, %d Medan kecamatan; want 38 and 21", provinces, kecamatan)
	}
	var unit string
	if err := w.DB.QueryRowContext(ctx, `SELECT unit FROM ref_indicator WHERE code = 'labour_force_participation'`).Scan(&unit); err != nil || unit != "percent" {
		t.Errorf("catalog unit of labour_force_participation = %q, %v; want percent", unit, err)
	}
}

func TestMigrateUpgradesOlderWarehouse(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	v1 := fstest.MapFS{"migrations/0001_a.sql": {Data: []byte("CREATE TABLE a (x INTEGER); INSERT INTO a VALUES (1);")}}
	w, err := Open(ctx, path, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	w.DB.ExecContext(ctx, "DROP TABLE schema_migration")
	if err := Migrate(ctx, w.DB, v1, fixedNow); err != nil {
		t.Fatal(err)
	}
	v2 := fstest.MapFS{
		"migrations/0001_a.sql": v1["migrations/0001_a.sql"],
		"migrations/0002_b.sql": {Data: []byte("ALTER TABLE a ADD COLUMN y INTEGER DEFAULT 7;")},
	}
	if err := Migrate(ctx, w.DB, v2, fixedNow); err != nil {
		t.Fatal(err)
	}
	if err := Migrate(ctx, w.DB, v2, fixedNow); err != nil { // idempotent
		t.Fatal(err)
	}
	var x, y, n int
	if err := w.DB.QueryRowContext(ctx, "SELECT x, y, (SELECT count(*) FROM a) FROM a").Scan(&x, &y, &n); err != nil {
		t.Fatal(err)
	}
	if x != 1 || y != 7 || n != 1 {
		t.Errorf("after upgrade a = (%d, %d) in %d rows; want (1, 7) in 1 row", x, y, n)
	}
	if v, _ := Version(ctx, w.DB); v != 2 {
		t.Errorf("version = %d, want 2", v)
	}
	w.Close()
}

func TestMigrateReportsBadMigrationByFile(t *testing.T) {
	ctx := context.Background()
	w := openTemp(t)
	bad := withMigrations(t, fstest.MapFS{"migrations/9001_bad.sql": {Data: []byte("CREATE TABLE oops (")}})
	err := Migrate(ctx, w.DB, bad, fixedNow)
	if err == nil || !strings.Contains(err.Error(), "migrations/9001_bad.sql") {
		t.Fatalf("error = %v; want it to name migrations/9001_bad.sql", err)
	}
	if v, _ := Version(ctx, w.DB); v >= 9001 {
		t.Errorf("failed migration was recorded")
	}
}

// openTemp opens a fresh warehouse, closed when t ends.
func openTemp(t *testing.T) *Warehouse {
	t.Helper()
	w, err := Open(context.Background(), filepath.Join(t.TempDir(), "w.duckdb"), fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// withMigrations adds the embedded migrations to extra.
func withMigrations(t *testing.T, extra fstest.MapFS) fstest.MapFS {
	t.Helper()
	files, err := fs.Glob(queries.Migrations, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		body, err := fs.ReadFile(queries.Migrations, f)
		if err != nil {
			t.Fatal(err)
		}
		extra[f] = &fstest.MapFile{Data: body}
	}
	return extra
}

func TestMigrateRefusesMissingOrEditedMigration(t *testing.T) {
	ctx := context.Background()
	w := openTemp(t)
	newer := withMigrations(t, fstest.MapFS{"migrations/0900_newer.sql": {Data: []byte("CREATE TABLE newer (x INTEGER);")}})
	if err := Migrate(ctx, w.DB, newer, fixedNow); err != nil {
		t.Fatal(err)
	}
	// The build that lacks 0900 must not run on the warehouse a newer build made.
	err := Migrate(ctx, w.DB, queries.Migrations, fixedNow)
	if err == nil || !strings.Contains(err.Error(), "0900_newer.sql") {
		t.Errorf("older build on a newer warehouse: %v; want an error naming 0900_newer.sql", err)
	}
	edited := withMigrations(t, fstest.MapFS{"migrations/0900_newer.sql": {Data: []byte("CREATE TABLE newer (x BIGINT);")}})
	err = Migrate(ctx, w.DB, edited, fixedNow)
	if err == nil || !strings.Contains(err.Error(), "migrations/0900_newer.sql was changed") {
		t.Errorf("edited migration: %v; want an error naming migrations/0900_newer.sql as changed", err)
	}
	// A record from before checksums were kept takes the file's checksum, then is held to it.
	if _, err := w.DB.ExecContext(ctx, "UPDATE schema_migration SET sha256 = NULL"); err != nil {
		t.Fatal(err)
	}
	if err := Migrate(ctx, w.DB, edited, fixedNow); err != nil {
		t.Fatalf("record without a checksum: %v", err)
	}
	var nulls int
	if err := w.DB.QueryRowContext(ctx, "SELECT count(*) FROM schema_migration WHERE sha256 IS NULL").Scan(&nulls); err != nil || nulls != 0 {
		t.Errorf("records without a checksum after Migrate: %d (%v); want 0", nulls, err)
	}
	if err := Migrate(ctx, w.DB, newer, fixedNow); err == nil {
		t.Error("after adopting the edited file's checksum, the original file was accepted")
	}
}

// TestLockedWarehouseNamesTheHolder runs a second process (this test binary) that holds the
// warehouse open, then opens it here.
func TestLockedWarehouseNamesTheHolder(t *testing.T) {
	holdtest.Serve(func(path string) (io.Closer, error) { return Open(context.Background(), path, fixedNow) })
	path := filepath.Join(t.TempDir(), "w.duckdb")
	cmd, _ := holdtest.Start(t, "TestLockedWarehouseNamesTheHolder", path)
	_, err := Open(context.Background(), path, fixedNow)
	var le *LockedError
	if !errors.As(err, &le) {
		t.Fatalf("Open of a held warehouse: %v; want *LockedError", err)
	}
	if le.PID != cmd.Process.Pid {
		t.Errorf("LockedError names PID %d, holder is %d", le.PID, cmd.Process.Pid)
	}
	msg := err.Error()
	if strings.Contains(msg, "\n") || !strings.Contains(msg, path) || !strings.Contains(msg, "warehouse.test") {
		t.Errorf("message %q: want one line naming the file and the holding program", msg)
	}
}

// A warehouse file whose blocks no longer match their checksums (seen once after a SIGKILL
// during DuckDB's checkpoint on close) is refused with a message that says what to do.
func TestDamagedWarehouseSaysHowToRecover(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	w, err := Open(ctx, path, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// DuckDB's file begins with its main header and two database headers of 4 KiB each;
	// every block after them carries a checksum.
	for i := 3 * 4096; i < len(b); i += 97 {
		b[i] ^= 0x5a
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Open(ctx, path, fixedNow)
	if err == nil {
		t.Fatal("Open of a damaged warehouse succeeded")
	}
	msg := err.Error()
	for _, want := range []string{path, "is damaged", "Corrupt database file", "setara restore --from"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q: want it to contain %q", msg, want)
		}
	}
}
