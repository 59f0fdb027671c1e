package warehouse

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2" // registers the "duckdb" driver

	"github.com/setara-pug/setara/data"
	"github.com/setara-pug/setara/queries"
)

// DefaultPath is the warehouse used when neither --db nor SETARA_DB names one.
const DefaultPath = "data/setara.duckdb"

// Warehouse is an open warehouse file.
type Warehouse struct {
	DB   *sql.DB
	Path string
}

// PublishedDir is where the snapshots of the warehouse at dbPath live: beside the file.
func PublishedDir(dbPath string) string {
	return filepath.Join(filepath.Dir(dbPath), "published")
}

// PublishedDir is where this warehouse's snapshots live.
func (w *Warehouse) PublishedDir() string { return PublishedDir(w.Path) }

// Open opens (creating if needed) the warehouse at path, applies pending migrations and
// refreshes the reference tables. now stamps the migration records.
func Open(ctx context.Context, dbPath string, now func() time.Time) (*Warehouse, error) {
	if dir := filepath.Dir(dbPath); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("warehouse %s: %w", dbPath, err)
		}
	}
	db, err := sql.Open("duckdb", dbPath)
	if err != nil {
		return nil, describeOpenError(dbPath, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, describeOpenError(dbPath, err)
	}
	w := &Warehouse{DB: db, Path: dbPath}
	if err := Migrate(ctx, db, queries.Migrations, now); err != nil {
		db.Close()
		return nil, fmt.Errorf("warehouse %s: %w", dbPath, err)
	}
	if err := LoadReference(ctx, db, data.Reference); err != nil {
		db.Close()
		return nil, fmt.Errorf("warehouse %s: %w", dbPath, err)
	}
	return w, nil
}

// Close closes the database.
func (w *Warehouse) Close() error { return w.DB.Close() }

// LockedError says another process holds the warehouse file.
type LockedError struct {
	Path    string
	PID     int    // 0 when DuckDB did not say
	Program string // the holder's executable, when known
}

func (e *LockedError) Error() string {
	who := "another process"
	if e.PID > 0 {
		who = fmt.Sprintf("process %d", e.PID)
		if e.Program != "" {
			who += " (" + e.Program + ")"
		}
	}
	return fmt.Sprintf("warehouse %s is in use by %s: stop it, or use another --db", e.Path, who)
}

var lockHolder = regexp.MustCompile(`Conflicting lock is held in (.*?) \(PID (\d+)\)`)

func describeOpenError(dbPath string, err error) error {
	msg := err.Error()
	if !strings.Contains(msg, "Could not set lock") {
		return fmt.Errorf("warehouse %s: %w", dbPath, err)
	}
	le := &LockedError{Path: dbPath}
	if m := lockHolder.FindStringSubmatch(msg); m != nil {
		le.Program = m[1]
		le.PID, _ = strconv.Atoi(m[2])
		if cmd, rerr := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", le.PID)); rerr == nil && len(cmd) > 0 {
			le.Program = strings.TrimSpace(strings.ReplaceAll(string(cmd), "\x00", " "))
		}
	}
	return le
}

// Migrate applies every migration in fsys (files NNNN_name.sql under migrations/) whose
// version is above the warehouse's, each in its own transaction, and records it.
func Migrate(ctx context.Context, db *sql.DB, fsys fs.FS, now func() time.Time) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migration (
		version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`); err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	var current int
	if err := db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migration`).Scan(&current); err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	files, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return err
	}
	type migration struct {
		version int
		file    string
	}
	var ms []migration
	for _, f := range files {
		base := path.Base(f)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return fmt.Errorf("migrations: %s: name must be NNNN_name.sql", f)
		}
		ms = append(ms, migration{v, f})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if i > 0 && ms[i-1].version == m.version {
			return fmt.Errorf("migrations: %s and %s share version %d", ms[i-1].file, m.file, m.version)
		}
		if m.version <= current {
			continue
		}
		body, err := fs.ReadFile(fsys, m.file)
		if err != nil {
			return err
		}
		if err := applyMigration(ctx, db, m.version, m.file, string(body), now()); err != nil {
			return err
		}
	}
	return nil
}

func applyMigration(ctx context.Context, db *sql.DB, version int, file, body string, at time.Time) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, body); err != nil {
		return fmt.Errorf("migration %s: %w", file, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migration VALUES (?, ?, ?)`, version, path.Base(file), at); err != nil {
		return fmt.Errorf("migration %s: %w", file, err)
	}
	return tx.Commit()
}

// Version is the warehouse's schema version (0 for an empty file).
func Version(ctx context.Context, db *sql.DB) (int, error) {
	var v int
	err := db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migration`).Scan(&v)
	return v, err
}

// referenceTables maps each embedded reference file to the table it fills.
var referenceTables = []struct{ file, table string }{
	{"regions.csv", "ref_region"},
	{"indicators.csv", "ref_indicator"},
	{"constants.csv", "ref_constant"},
}

// LoadReference replaces the contents of each ref_* table with its embedded CSV file, whose
// header names the table's columns; empty fields become NULL.
func LoadReference(ctx context.Context, db *sql.DB, fsys fs.FS) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, rt := range referenceTables {
		if err := loadReferenceFile(ctx, tx, fsys, rt.file, rt.table); err != nil {
			return fmt.Errorf("reference data %s: %w", rt.file, err)
		}
	}
	return tx.Commit()
}

func loadReferenceFile(ctx context.Context, tx *sql.Tx, fsys fs.FS, file, table string) error {
	f, err := fsys.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		return err
	}
	for _, h := range header {
		if !identifier.MatchString(h) {
			return fmt.Errorf("column %q is not a plain identifier", h)
		}
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM "+table); err != nil {
		return err
	}
	insert := fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", table, strings.Join(header, ", "),
		strings.TrimSuffix(strings.Repeat("?, ", len(header)), ", "))
	stmt, err := tx.PrepareContext(ctx, insert)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		args := make([]any, len(rec))
		for i, v := range rec {
			if v != "" {
				args[i] = v
			}
		}
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			line, _ := r.FieldPos(0)
			return fmt.Errorf("line %d: %w", line, err)
		}
	}
}

var identifier = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)
