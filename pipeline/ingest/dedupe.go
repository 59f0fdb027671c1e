package ingest

import (
	"context"
	"fmt"
	"strings"
)

// dedupe creates the view checked (check_row with each record's line, numbered as number
// decided), the table dup of the rows whose key occurs more than once, and the table
// cross_row of the rows a cross-row check rejects (cross_KIND.sql, or none).
func (l *loader) dedupe(ctx context.Context) error {
	file := "checked.sql"
	if l.spec.checkedFile != "" {
		file = l.spec.checkedFile
	}
	// l.rowLine, l.join and the column are generated from constants only.
	view := strings.NewReplacer("/*line*/", l.rowLine, "/*join*/", l.join, "/*dup_column*/", l.spec.dupColumn).Replace(sqlFile(file))
	if _, err := l.conn.ExecContext(ctx, view); err != nil {
		return fmt.Errorf("checked view: %w", err)
	}
	cross, place := "cross_none.sql", "cross_place_line.sql"
	if l.spec.cross {
		cross = "cross_" + l.spec.checks() + ".sql"
	}
	if l.spec.layout {
		place = "cross_place_table.sql"
	}
	for _, f := range []string{"key_" + l.spec.checks() + ".sql", sqlOr(l.spec.dupFile, "dup.sql"), place, cross} {
		if _, err := execFile(ctx, l.conn, f); err != nil {
			return err
		}
	}
	return nil
}
