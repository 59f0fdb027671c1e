package snapshot

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/setara-pug/setara/pipeline/durable"
)

// ErrNoSnapshot means nothing has been published yet.
var ErrNoSnapshot = errors.New("no published snapshot yet: run `setara run` or `setara demo` first")

const currentFile = "CURRENT"

// Name is the snapshot file name of a run.
func Name(runID int64) string { return fmt.Sprintf("run-%06d.duckdb", runID) }

// Publish copies every table and view of the schema "published" of the warehouse connection
// conn into a new snapshot file dir/name (a large table's repeated texts as codes behind a
// view of the table's name: copyTable), then makes it current and removes all but the newest keep
// snapshots. conn must not be inside a transaction.
func Publish(ctx context.Context, conn *sql.Conn, dir, name string, keep int) error {
	if err := write(ctx, conn, dir, dir, name); err != nil {
		return err
	}
	if err := durable.WriteFile(filepath.Join(dir, currentFile), []byte(name+"\n"), 0o644); err != nil {
		return fmt.Errorf("publish %s: %w", name, err)
	}
	return prune(dir, name, keep)
}

// write copies the published schema of conn into target/name through a temporary file that
// is synced and renamed into place, after checking that the disk holding target has room for
// a snapshot the size of the newest one in dir.
func write(ctx context.Context, conn *sql.Conn, dir, target, name string) error {
	if err := os.MkdirAll(target, 0o755); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	need := Needed(dir)
	if err := checkSpace(target, need); err != nil {
		return fmt.Errorf("publish %s: %w", name, err)
	}
	final := filepath.Join(target, name)
	tmp := final + ".tmp"
	os.Remove(tmp)
	os.Remove(tmp + ".wal")
	if err := copyPublished(ctx, conn, tmp); err != nil {
		os.Remove(tmp)
		os.Remove(tmp + ".wal")
		return fmt.Errorf("publish %s: %w", name, diskFull(target, need, err))
	}
	if err := durable.Sync(tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("publish %s: %w", name, diskFull(target, need, err))
	}
	if err := durable.Rename(tmp, final); err != nil {
		return fmt.Errorf("publish %s: %w", name, err)
	}
	return nil
}

func copyPublished(ctx context.Context, conn *sql.Conn, file string) error {
	rows, err := conn.QueryContext(ctx, `SELECT table_name, estimated_size FROM duckdb_tables()
		WHERE database_name = current_database() AND schema_name = 'published' ORDER BY table_name`)
	if err != nil {
		return err
	}
	var tables []string
	var sizes []int64
	for rows.Next() {
		var t string
		var n int64
		if err := rows.Scan(&t, &n); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, t)
		sizes = append(sizes, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(tables) == 0 {
		return errors.New("the warehouse has no published tables")
	}
	// The new file needs no write-ahead log: it becomes a snapshot only after the checkpoint
	// below has written everything into it and it is synced and renamed, so a crash before
	// that leaves a temporary file that is thrown away. Writing the log as well took 0.07 s
	// of a publish at 1 M persons.
	if _, err := conn.ExecContext(ctx, "ATTACH "+quoteLiteral(file)+" AS snap (RECOVERY_MODE no_wal_writes)"); err != nil {
		return err
	}
	attached := true
	defer func() {
		if attached {
			conn.ExecContext(context.WithoutCancel(ctx), "DETACH snap")
		}
	}()
	restore, err := skipFSST(ctx, conn, tables)
	if err != nil {
		return err
	}
	defer restore()
	// One transaction for all the copies: one commit to the new file instead of one per table.
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for i, t := range tables {
		if err := copyTable(ctx, tx, t, sizes[i]); err != nil {
			return fmt.Errorf("table %s: %w", t, err)
		}
	}
	if err := copyViews(ctx, tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	// An explicit checkpoint reports a failure to write (a full disk); DETACH would swallow
	// it, and without the log the rows would be lost.
	if _, err := conn.ExecContext(ctx, "CHECKPOINT snap"); err != nil {
		return err
	}
	attached = false
	_, err = conn.ExecContext(ctx, "DETACH snap")
	return err
}

// copyViews recreates every view of the schema "published" in the snapshot, as a view: a view
// binds its names in its own schema, so the definition that read the warehouse's published
// tables reads the snapshot's copies. DuckDB keeps a view's definition as the statement
// "CREATE VIEW published.NAME AS query;"; anything else (column aliases, a quoted name) is
// refused rather than guessed at.
func copyViews(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT view_name, sql FROM duckdb_views()
		WHERE database_name = current_database() AND schema_name = 'published' AND NOT internal ORDER BY view_name`)
	if err != nil {
		return err
	}
	var views [][2]string
	for rows.Next() {
		var v [2]string
		if err := rows.Scan(&v[0], &v[1]); err != nil {
			rows.Close()
			return err
		}
		views = append(views, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, v := range views {
		prefix := "CREATE VIEW published." + v[0] + " AS "
		if !plainTable.MatchString(v[0]) || !strings.HasPrefix(v[1], prefix) {
			return fmt.Errorf("view published.%s: its definition does not start %q: %.80s", v[0], prefix, v[1])
		}
		q := "CREATE VIEW snap.main." + quoteIdent(v[0]) + " AS " + strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(v[1], prefix)), ";")
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("view %s: %w", v[0], err)
		}
	}
	return nil
}

// skipFSST lets the copy skip trying FSST compression when DuckDB chose it for no segment of
// the published tables in the warehouse: the copy holds the same values, so DuckDB would not
// choose it there either. Trying it on every string segment is about a tenth of the copy's
// time, and the published strings are codes and labels, which DuckDB stores as dictionaries
// (TestPublishKeepsDuckDBsCompression). The setting belongs to the database instance; restore
// puts it back as it was.
func skipFSST(ctx context.Context, conn *sql.Conn, tables []string) (restore func(), err error) {
	nothing := func() {}
	for _, t := range tables {
		var fsst int64
		if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM pragma_storage_info(?) WHERE compression ILIKE '%fsst%'",
			"published."+quoteIdent(t)).Scan(&fsst); err != nil {
			return nothing, err
		}
		if fsst > 0 {
			return nothing, nil
		}
	}
	var disabled string
	if err := conn.QueryRowContext(ctx, "SELECT current_setting('disabled_compression_methods')").Scan(&disabled); err != nil {
		return nothing, err
	}
	if strings.Contains(strings.ToLower(disabled), "fsst") {
		return nothing, nil // turned off already
	}
	if _, err := conn.ExecContext(ctx, "SET disabled_compression_methods = "+quoteLiteral(strings.Trim(disabled+",fsst", ","))); err != nil {
		return nothing, err
	}
	return func() {
		conn.ExecContext(context.WithoutCancel(ctx), "SET disabled_compression_methods = "+quoteLiteral(disabled))
	}, nil
}

// prune removes snapshot files other than the newest keep ones (by name, which orders by run)
// and never the current one; it also clears temporary files left by a killed publish.
func prune(dir, current string, keep int) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var snaps []string
	for _, e := range entries {
		n := e.Name()
		switch {
		case strings.HasSuffix(n, ".duckdb.tmp") || strings.HasSuffix(n, ".duckdb.tmp.wal") ||
			strings.HasPrefix(n, "."+currentFile+".") && strings.HasSuffix(n, ".tmp"):
			os.Remove(filepath.Join(dir, n))
		case strings.HasSuffix(n, ".duckdb"):
			snaps = append(snaps, n)
		}
	}
	sort.Strings(snaps)
	if keep < 1 {
		keep = 1
	}
	for i := 0; i < len(snaps)-keep; i++ {
		if snaps[i] != current {
			os.Remove(filepath.Join(dir, snaps[i]))
		}
	}
	return nil
}

// Current returns the path of the current snapshot in dir, or ErrNoSnapshot.
func Current(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, currentFile))
	if errors.Is(err, os.ErrNotExist) {
		return "", ErrNoSnapshot
	}
	if err != nil {
		return "", err
	}
	name := strings.TrimSpace(string(b))
	if name == "" || strings.ContainsAny(name, `/\`) {
		return "", fmt.Errorf("snapshot pointer %s is damaged", filepath.Join(dir, currentFile))
	}
	return filepath.Join(dir, name), nil
}

// ID is the snapshot id of a snapshot path: its file name without extension.
func ID(path string) string { return strings.TrimSuffix(filepath.Base(path), ".duckdb") }

// OpenReadOnly opens a snapshot file read-only. Every connection has external access
// disabled (no file reads, COPY, ATTACH, INSTALL) and its configuration locked, so SQL that
// reaches it cannot widen its own rights.
func OpenReadOnly(ctx context.Context, path string) (*sql.DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("snapshot %s: %w", path, err)
	}
	// The settings belong to the database instance, not the connection: once the first
	// connection has applied and locked them, every later connection (the pool opens more
	// under concurrent requests) has them already and may not SET them again.
	var mu sync.Mutex
	locked := false
	connector, err := duckdb.NewConnector(path+"?access_mode=READ_ONLY", func(execer driver.ExecerContext) error {
		mu.Lock()
		defer mu.Unlock()
		if locked {
			return nil
		}
		// duckdb-go shares one database instance per path within a process: another opener
		// of the same snapshot may have applied and locked the settings already.
		if sandboxed(execer) {
			locked = true
			return nil
		}
		for _, s := range []string{
			"SET enable_external_access = false",
			"SET autoinstall_known_extensions = false",
			"SET autoload_known_extensions = false",
			"SET lock_configuration = true",
		} {
			if _, err := execer.ExecContext(context.Background(), s, nil); err != nil {
				if sandboxed(execer) { // another opener in this process locked it meanwhile
					locked = true
					return nil
				}
				return fmt.Errorf("%s: %w", s, err)
			}
		}
		locked = true
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("snapshot %s: %w", path, err)
	}
	db := sql.OpenDB(connector)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("snapshot %s: %w", path, err)
	}
	return db, nil
}

// sandboxed reports whether the database instance behind execer already has the read-only
// sandbox: external access off and the configuration locked.
func sandboxed(execer driver.ExecerContext) bool {
	q, ok := execer.(driver.QueryerContext)
	if !ok {
		return false
	}
	rows, err := q.QueryContext(context.Background(),
		"SELECT current_setting('lock_configuration') AND NOT current_setting('enable_external_access')", nil)
	if err != nil {
		return false
	}
	defer rows.Close()
	v := make([]driver.Value, 1)
	if err := rows.Next(v); err != nil {
		return false
	}
	b, _ := v[0].(bool)
	return b
}

func quoteIdent(s string) string   { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
func quoteLiteral(s string) string { return `'` + strings.ReplaceAll(s, `'`, `''`) + `'` }
