package ingest

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// numbering is how the rows that DuckDB's CSV reader read into a table get their physical
// lines (numberCSV).
type numbering struct {
	line  string // the line of a row, an expression over the table's alias (generated from constants)
	join  string // what line needs joined to the table ("": nothing)
	exact bool   // the Go reader landed the file again in land: the line is land.line
}

// numberCSV numbers the records that DuckDB's CSV reader read into table: the text landing
// table land, or check_row when the checks read a direct CSV. alias is the name under which
// the SQL that uses the numbering reads table; readErr is the reader's error, if it failed.
//
// It collects the reader's structural rejects. Record k (the k-th row of table, its rowid)
// sits on line k + header line + 1 + (rejected lines before it), provided that every record
// sat on its own line: header line + records + rejected lines = the file's lines. When that
// fails (quoted newlines, blank lines, an unterminated quote, or the reader gave up), the Go
// reader lands the file again with exact line numbers.
func (l *loader) numberCSV(ctx context.Context, table, alias string, readErr error) (numbering, error) {
	var records, rejects int64
	err := readErr
	if err == nil {
		_, err = execFile(ctx, l.conn, "land_rejects.sql")
	}
	if err == nil {
		count := strings.Replace(sqlFile("count_records.sql"), "/*table*/", table, 1)
		err = l.conn.QueryRowContext(ctx, count).Scan(&records, &rejects)
	}
	d, derr := l.sum()
	if derr != nil {
		return numbering{}, derr
	}
	first := strconv.FormatInt(l.h.line+1, 10)
	if err == nil && l.h.line+records+rejects == d.lines {
		if rejects == 0 {
			return numbering{line: alias + ".rowid + " + first}, nil
		}
		if _, err := execFile(ctx, l.conn, "land_shift.sql"); err != nil {
			return numbering{}, fmt.Errorf("%s: %w", l.path, err)
		}
		return numbering{
			line: alias + ".rowid + " + first + " + coalesce(s.shift, 0)",
			join: "ASOF LEFT JOIN land_shift s ON " + alias + ".rowid >= s.k",
		}, nil
	}
	if err := landCSVExact(ctx, l.conn, l.path, l.h); err != nil {
		return numbering{}, err
	}
	return numbering{exact: true}, nil
}

// number numbers the rows of check_row after the checks read a direct CSV (checkErr: the
// error of that read). When the Go reader had to land the file, the checks run again over
// its landing table, whose rows carry their lines.
func (l *loader) number(ctx context.Context, checkErr error) error {
	num, err := l.numberCSV(ctx, "check_row", "r", checkErr)
	if err != nil {
		return err
	}
	if !num.exact {
		l.rowLine, l.join = num.line, num.join
		return nil
	}
	l.lnd = landed{from: "land", lineExpr: "line"}
	if err := l.check(ctx); err != nil {
		return fmt.Errorf("%s: %w", l.path, err)
	}
	return nil
}
