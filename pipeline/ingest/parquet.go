package ingest

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// describeParquet reads the column names of a Parquet file (its header).
func describeParquet(ctx context.Context, conn *sql.Conn, path string) (header, error) {
	if err := setVariables(ctx, conn, map[string]any{"ingest_path": path}); err != nil {
		return header{}, fmt.Errorf("%s: %w", path, err)
	}
	rows, err := conn.QueryContext(ctx, sqlFile("describe_parquet.sql"))
	if err != nil {
		return header{}, fileError(path, "not a readable Parquet file (%s)", firstLine(err.Error()))
	}
	defer rows.Close()
	var h header
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return header{}, fmt.Errorf("%s: %w", path, err)
		}
		h.fields = append(h.fields, name)
	}
	if err := rows.Err(); err != nil {
		return header{}, fileError(path, "not a readable Parquet file (%s)", firstLine(err.Error()))
	}
	return h, nil
}

// landParquet reads the file in place: line = row number (1-based), columns renamed c0..cN-1
// (the FROM clause is generated: one name per column of the file).
func landParquet(h header) landed {
	names := make([]string, len(h.fields))
	for i := range names {
		names[i] = "c" + strconv.Itoa(i)
	}
	return landed{
		from:     "read_parquet(getvariable('ingest_path'), file_row_number = true) AS t(" + strings.Join(names, ", ") + ")",
		lineExpr: "file_row_number + 1",
		parquet:  true,
	}
}
