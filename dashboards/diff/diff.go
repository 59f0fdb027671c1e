package diff

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	_ "github.com/duckdb/duckdb-go/v2" // the "duckdb" driver

	"github.com/setara-pug/setara/queries"
)

// Change is one published value that differs between two snapshots. Old or New is nil when
// the value exists on one side only (Difference is then nil too).
type Change struct {
	View, Key, Measure string
	Old, New           *float64
	Difference         *float64
}

// Compare lists every value that differs between the snapshot files oldPath and newPath,
// largest absolute difference first (values present on one side only first of all).
func Compare(ctx context.Context, oldPath, newPath string) ([]Change, error) {
	if sameFile(oldPath, newPath) {
		return nil, nil
	}
	values, err := fs.ReadFile(queries.Diff, "diff/values.sql")
	if err != nil {
		return nil, err
	}
	changes, err := fs.ReadFile(queries.Diff, "diff/changes.sql")
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return nil, fmt.Errorf("diff: %w", err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("diff: %w", err)
	}
	defer conn.Close()
	for _, side := range []struct{ alias, path, table string }{{"d_old", oldPath, "diff_old"}, {"d_new", newPath, "diff_new"}} {
		for _, stmt := range []string{
			fmt.Sprintf("ATTACH %s AS %s (READ_ONLY)", quote(side.path), side.alias),
			"USE " + side.alias,
			fmt.Sprintf("CREATE TEMP TABLE %s AS %s", side.table, values),
			"USE memory",
		} {
			if _, err := conn.ExecContext(ctx, stmt); err != nil {
				return nil, fmt.Errorf("diff %s: queries/diff/values.sql: %w", side.path, err)
			}
		}
	}
	rows, err := conn.QueryContext(ctx, string(changes))
	if err != nil {
		return nil, fmt.Errorf("diff: queries/diff/changes.sql: %w", err)
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		var c Change
		var o, n, d sql.NullFloat64
		if err := rows.Scan(&c.View, &c.Key, &c.Measure, &o, &n, &d); err != nil {
			return nil, fmt.Errorf("diff: queries/diff/changes.sql: %w", err)
		}
		c.Old, c.New, c.Difference = ptr(o), ptr(n), ptr(d)
		out = append(out, c)
	}
	return out, rows.Err()
}

func ptr(v sql.NullFloat64) *float64 {
	if !v.Valid {
		return nil
	}
	f := v.Float64
	return &f
}

func sameFile(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}

func quote(s string) string { return `'` + strings.ReplaceAll(s, `'`, `''`) + `'` }
