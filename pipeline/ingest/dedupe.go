package ingest

import (
	"context"
	"fmt"
	"strings"
)

// dedupe creates the view checked (check_row with each record's line, numbered as number
// decided) and the table dup of the rows whose key occurs more than once.
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
	for _, f := range []string{"key_" + l.spec.checks() + ".sql", sqlOr(l.spec.dupFile, "dup.sql")} {
		if _, err := execFile(ctx, l.conn, f); err != nil {
			return err
		}
	}
	return nil
}
