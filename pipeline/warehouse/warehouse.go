package warehouse

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
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
	"syscall"
	"time"

	"github.com/duckdb/duckdb-go/v2" // also registers the "duckdb" driver

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

// describeOpenError turns DuckDB's I/O error on open into a LockedError when the kernel says
// another process holds a lock on the file (DuckDB locks it with fcntl), naming that process.
func describeOpenError(dbPath string, err error) error {
	var de *duckdb.Error
	if errors.As(err, &de) && de.Type == duckdb.ErrorTypeIO {
		if pid := lockHolder(dbPath); pid > 0 {
			le := &LockedError{Path: dbPath, PID: pid}
			if cmd, rerr := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid)); rerr == nil && len(cmd) > 0 {
				le.Program = strings.TrimSpace(strings.ReplaceAll(string(cmd), "\x00", " "))
			}
			return le
		}
	}
	if strings.Contains(err.Error(), "Corrupt database file") {
		return fmt.Errorf("warehouse %s is damaged (%w); readers still see the last published "+
			"snapshot. To recover, move the warehouse and its published/ directory aside, restore "+
			"the last backup (setara restore --from DIR) and run setara run", dbPath, err)
	}
	return fmt.Errorf("warehouse %s: %w", dbPath, err)
}

// lockHolder is the PID of the process holding a conflicting fcntl lock on path, or 0.
func lockHolder(path string) int {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return 0
	}
	defer f.Close()
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: io.SeekStart}
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_GETLK, &lk); err != nil || lk.Type == syscall.F_UNLCK {
		return 0
	}
	return int(lk.Pid)
}

// migration is one NNNN_name.sql file of the embedded schema history.
type migration struct {
	version int
	file    string
	body    string
	sum     string // sha256 of body, hex
}

// Migrate applies every migration in fsys (files NNNN_name.sql under migrations/) whose
// version is above the warehouse's, each in its own transaction, and records it with its
// checksum. It refuses a warehouse that holds a migration this build lacks, or whose recorded
// checksum differs from the file's: the schema would not be the one the code expects.
func Migrate(ctx context.Context, db *sql.DB, fsys fs.FS, now func() time.Time) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migration (
		version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL);
		ALTER TABLE schema_migration ADD COLUMN IF NOT EXISTS sha256 VARCHAR`); err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	ms, err := readMigrations(fsys)
	if err != nil {
		return err
	}
	current, err := verifyApplied(ctx, db, ms)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.version <= current {
			continue
		}
		if err := applyMigration(ctx, db, m, now()); err != nil {
			return err
		}
	}
	return nil
}

// readMigrations reads the migration files in version order.
func readMigrations(fsys fs.FS) ([]migration, error) {
	files, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, f := range files {
		num, _, ok := strings.Cut(path.Base(f), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migrations: %s: name must be NNNN_name.sql", f)
		}
		body, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(body)
		ms = append(ms, migration{v, f, string(body), hex.EncodeToString(sum[:])})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i := 1; i < len(ms); i++ {
		if ms[i-1].version == ms[i].version {
			return nil, fmt.Errorf("migrations: %s and %s share version %d", ms[i-1].file, ms[i].file, ms[i].version)
		}
	}
	return ms, nil
}

// verifyApplied checks every migration the warehouse records against the files and returns
// the highest applied version. A record from before checksums were kept takes its file's.
func verifyApplied(ctx context.Context, db *sql.DB, ms []migration) (int, error) {
	byVersion := map[int]migration{}
	for _, m := range ms {
		byVersion[m.version] = m
	}
	rows, err := db.QueryContext(ctx, `SELECT version, name, coalesce(sha256, '') FROM schema_migration ORDER BY version`)
	if err != nil {
		return 0, fmt.Errorf("migrations: %w", err)
	}
	defer rows.Close()
	current := 0
	var unsummed []migration
	for rows.Next() {
		var v int
		var name, sum string
		if err := rows.Scan(&v, &name, &sum); err != nil {
			return 0, fmt.Errorf("migrations: %w", err)
		}
		m, ok := byVersion[v]
		switch {
		case !ok:
			return 0, fmt.Errorf("migrations: the warehouse has migration %s, which this setara does not know: it was made by another version; use that one", name)
		case sum == "":
			unsummed = append(unsummed, m)
		case sum != m.sum:
			return 0, fmt.Errorf("migrations: %s was changed after it was applied to this warehouse (recorded sha256 %s, file %s): add a new migration instead of editing an applied one", m.file, sum[:12], m.sum[:12])
		}
		current = max(current, v)
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("migrations: %w", err)
	}
	for _, m := range unsummed {
		if _, err := db.ExecContext(ctx, `UPDATE schema_migration SET sha256 = ? WHERE version = ?`, m.sum, m.version); err != nil {
			return 0, fmt.Errorf("migration %s: %w", m.file, err)
		}
	}
	return current, nil
}

func applyMigration(ctx context.Context, db *sql.DB, m migration, at time.Time) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, m.body); err != nil {
		return fmt.Errorf("migration %s: %w", m.file, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migration (version, name, applied_at, sha256) VALUES (?, ?, ?, ?)`,
		m.version, path.Base(m.file), at, m.sum); err != nil {
		return fmt.Errorf("migration %s: %w", m.file, err)
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
	{"findings.csv", "ref_finding"},
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

// OpenReadOnly opens the warehouse at dbPath for reading only, with no migration. While it is
// open no process can write the file: DuckDB holds a shared lock, which a writer's exclusive
// one waits for. A writer holding it already is a LockedError.
func OpenReadOnly(ctx context.Context, dbPath string) (*sql.DB, error) {
	if _, err := os.Stat(dbPath); err != nil {
		return nil, fmt.Errorf("warehouse %s: %w", dbPath, err)
	}
	db, err := sql.Open("duckdb", dbPath+"?access_mode=READ_ONLY")
	if err != nil {
		return nil, describeOpenError(dbPath, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, describeOpenError(dbPath, err)
	}
	return db, nil
}
