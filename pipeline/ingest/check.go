package ingest

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

var commaNumber = regexp.MustCompile(`^[+-]?([0-9]{1,3}(\.[0-9]{3})*|[0-9]+),[0-9]+$|^[+-]?[0-9]{1,3}(\.[0-9]{3}){2,}$`)

// session decides how numbers are written and creates the session helpers of the load
// (macros, the declared regions: session.sql, number_DECIMAL.sql).
func (l *loader) session(ctx context.Context) error {
	decimal := l.opts.Decimal
	switch {
	case l.res.Format == "xlsx" && decimal != "point":
		// numeric cells come as stored (1234.5), text cells as typed (1.234,5): per value
		decimal = "cell"
	case l.tbl != nil && (decimal == "" || decimal == "auto"):
		decimal = l.tbl.decimal
	case decimal == "" || decimal == "auto":
		decimal = detectDecimal(l.spec, l.pos, l.h, l.res.Format)
	}
	if err := prepareSession(ctx, l.conn, l.spec, decimal); err != nil {
		return err
	}
	// a load restricted to some OPDs' rows (an upload by an OPD's contributor)
	if err := setVariables(ctx, l.conn, map[string]any{"ingest_opds": strings.Join(l.opts.OPDCodes, ",")}); err != nil {
		return fmt.Errorf("%s: %w", l.path, err)
	}
	return nil
}

// detectDecimal picks "comma" when a semicolon CSV clearly writes numbers the Indonesian way
// (1.234,5) in its sample, else "point". (XLSX sheets decide per value: number_cell.sql.)
func detectDecimal(spec kindSpec, pos []int, h header, format string) string {
	if !(format == "csv" && h.delim == ";") {
		return "point"
	}
	for _, row := range h.sample {
		for _, c := range spec.numeric {
			p := pos[indexOf(spec.columns, c)]
			if p >= 0 && p < len(row) && commaNumber.MatchString(strings.TrimSpace(row[p])) {
				return "comma"
			}
		}
	}
	return "point"
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

// prepareSession creates the session helpers (macros, the declared regions) of a load.
func prepareSession(ctx context.Context, q querier, spec kindSpec, decimal string) error {
	if _, err := execFile(ctx, q, "session.sql"); err != nil {
		return err
	}
	if _, err := execFile(ctx, q, "number_"+decimal+".sql"); err != nil {
		return err
	}
	if _, err := execFile(ctx, q, "number.sql"); err != nil {
		return err
	}
	if _, err := execFile(ctx, q, "amounts.sql"); err != nil {
		return err
	}
	return setVariables(ctx, q, map[string]any{"ingest_decimal": decimal, "ingest_key": spec.key, "ingest_dup_column": spec.dupColumn,
		"ingest_opds": ""})
}

// check creates the check views (checkViews) and runs the checks once into the table
// check_row: typed values, ok, the problem of a rejected row. It is the only full pass over
// the data besides the final insert.
func (l *loader) check(ctx context.Context) error {
	if err := l.checkViews(ctx); err != nil {
		return err
	}
	if _, err := l.conn.ExecContext(ctx, sqlFile("check_row.sql")); err != nil {
		return fmt.Errorf("check_%s.sql: %w", l.spec.checks(), err)
	}
	return nil
}

// checkViews creates the src view over the landing data (text columns in the kind's order,
// plus line) and the kind's check view check_rows over it. The src view maps the header's
// columns, whatever their order and number, to the kind's: it is generated (from constants
// and positions only). A Parquet column whose checks take any type (kindSpec.native) stays as
// it is, and its checks read it as text only when its type is not the one they want: the
// round trip through text was a third of a clean file's load.
func (l *loader) checkViews(ctx context.Context) error {
	cols := make([]string, len(l.spec.columns))
	for i, c := range l.spec.columns {
		switch {
		case l.pos[i] < 0:
			cols[i] = "NULL::VARCHAR AS " + c
		case l.lnd.parquet && slices.Contains(l.spec.native, c):
			cols[i] = "c" + strconv.Itoa(l.pos[i]) + " AS " + c
		case l.lnd.parquet:
			cols[i] = "CAST(c" + strconv.Itoa(l.pos[i]) + " AS VARCHAR) AS " + c
		default:
			cols[i] = "c" + strconv.Itoa(l.pos[i]) + " AS " + c
		}
	}
	view := "CREATE OR REPLACE TEMP VIEW src AS SELECT " + l.lnd.lineExpr + " AS line, " + strings.Join(cols, ", ") + " FROM " + l.lnd.from
	if _, err := l.conn.ExecContext(ctx, view); err != nil {
		return fmt.Errorf("src view: %w", err)
	}
	_, err := execFile(ctx, l.conn, "check_"+l.spec.checks()+".sql")
	return err
}
