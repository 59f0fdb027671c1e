package snapshot

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
)

// Querier is what Each runs a query on: a *sql.DB, *sql.Conn or *sql.Tx.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Each runs the query in the file name of fsys (the SQL files a reader embeds beside itself)
// with args on db, and calls scan once for every row. Every error names the file.
func Each(ctx context.Context, db Querier, fsys fs.FS, name string, scan func(*sql.Rows) error, args ...any) error {
	text, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	rows, err := db.QueryContext(ctx, string(text), args...)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}
