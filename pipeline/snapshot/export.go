package snapshot

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
)

var plainTable = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// Export writes every table and view of the snapshot at path into dir as TABLE.csv (with a header) or
// TABLE.parquet, and returns the files written. It reads the snapshot through a private
// in-memory DuckDB that attaches it read-only, so the locked-down readers are not involved.
func Export(ctx context.Context, path, dir, format string) ([]string, error) {
	if format != "csv" && format != "parquet" {
		return nil, fmt.Errorf("export: format %q (expected csv or parquet)", format)
	}
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "ATTACH "+quoteLiteral(path)+" AS snap (READ_ONLY)"); err != nil {
		return nil, fmt.Errorf("export %s: %w", path, err)
	}
	rows, err := conn.QueryContext(ctx, `SELECT table_name FROM information_schema.tables WHERE table_catalog = 'snap' AND table_schema = 'main' ORDER BY table_name`)
	if err != nil {
		return nil, err
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return nil, err
		}
		tables = append(tables, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	options := "(FORMAT csv, HEADER true)"
	if format == "parquet" {
		options = "(FORMAT parquet)"
	}
	var files []string
	for _, t := range tables {
		if !plainTable.MatchString(t) {
			return files, fmt.Errorf("export: table name %q is not a plain identifier", t)
		}
		file := filepath.Join(dir, t+"."+format)
		q := "COPY (SELECT * FROM snap.main." + quoteIdent(t) + ") TO " + quoteLiteral(file) + " " + options
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return files, fmt.Errorf("export %s: %w", t, err)
		}
		files = append(files, file)
	}
	return files, nil
}
