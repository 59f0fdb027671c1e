package ingest

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/xuri/excelize/v2"
)

// A BPS-style table (kind "table") is reshaped into the rows of a long indicators file, one
// per value cell, and those rows go through the indicators checks (check_indicators.sql), so
// a table and a long file of the same facts load identically. Each landed row is numbered k
// (1, 2, ...) for the checks; table_cell keeps the table's line and column of every k, and the
// accepted facts, the rejected rows and the duplicate-key messages are put back on them
// (accept_table.sql, reject_table.sql, dup_table.sql).

// table is a table read and reshaped.
type table struct {
	g       grid
	lo      layout
	letters []string // the column letters (A, B, ...) of the grid's columns
	facts   []tableFact
	rejects []tableReject
	noData  int64
	decimal string // how a CSV writes its numbers: "comma" or "point" (an XLSX sheet decides per cell)
}

// tableFact is one value cell as a row of an indicators file.
type tableFact struct {
	line                                int64
	pos                                 int // the value's column
	region, year, indicator, sex, value string
}

// tableReject is a row of the table rejected before the checks: a name that matches no
// region or two, values without a name.
type tableReject struct {
	line          int64
	pos           int
	value, reason string
}

// valueMarks are the footnote marks BPS puts after a value (74,50* provisional, 1.234¹).
var valueMarks = regexp.MustCompile(`(\s*(\*+|[¹²³⁴⁵⁶⁷⁸⁹⁰]+))+$`)

// errNotATable says that a file has no table layout.
var errNotATable = errors.New("no header of years or sexes (expected a BPS-style table)")

// readLayout reads the grid of the file and finds its layout.
func readLayout(path, format string, opts Options) (*table, error) {
	g, err := readGrid(path, format, opts.Sheet)
	if err != nil {
		return nil, err
	}
	lo, ok := findLayout(g)
	if !ok {
		return nil, &FileError{Path: path, Err: errNotATable}
	}
	t := &table{lo: lo}
	for j := 0; j < g.width; j++ {
		name, _ := excelize.ColumnNumberToName(j + 1)
		t.letters = append(t.letters, name)
	}
	t.g = g
	return t, nil
}

// shape decides the indicator, the year and the sex of every value column, and reshapes the
// data rows into facts.
func (t *table) shape(ctx context.Context, q querier, path string, opts Options) error {
	lo := t.lo
	indicator, err := t.indicator(ctx, q, path, opts.Indicator)
	if err != nil {
		return err
	}
	year := titleYearOf(lo.title)
	if opts.Year != 0 {
		year = opts.Year // the flag overrides the title (a publication's year, say)
	}
	for i, c := range lo.columns {
		if c.year == 0 && year == 0 {
			return fileError(path, "column %s: no year in the header or the title (expected a year such as 2023 in the header or the title, or --year YYYY)",
				t.letters[c.pos])
		}
		if c.year == 0 {
			lo.columns[i].year = year
		}
		if c.sex == "" {
			lo.columns[i].sex = "T"
			if opts.Sex != "" {
				lo.columns[i].sex = opts.Sex
			}
		}
	}
	t.lo = lo
	m, err := newMatcher(ctx, q)
	if err != nil {
		return err
	}
	t.reshape(t.g, m, indicator)
	t.decimal = tableDecimal(t.facts, opts.Decimal)
	return nil
}

// reshape makes the facts of the data rows, and rejects the rows whose region is unclear.
func (t *table) reshape(g grid, m *matcher, indicator string) {
	rows := g.rows[t.lo.dataFrom:t.lo.dataTo]
	parent := t.context(rows, m)
	for _, r := range rows {
		name := r.cell(t.lo.nameCol)
		values, marks := 0, 0
		for _, c := range t.lo.columns {
			switch v := r.cell(c.pos); {
			case noData(v) && v != "":
				marks++
			case v != "":
				values++
			}
		}
		if values+marks == 0 {
			continue // a label row (Kabupaten, Kota, ...) or a region without any cell
		}
		code, reason := t.region(name, parent, m)
		if reason != "" {
			t.rejects = append(t.rejects, tableReject{line: r.line, pos: t.lo.nameCol, value: name, reason: reason})
			continue
		}
		for _, c := range t.lo.columns {
			v := valueMarks.ReplaceAllString(r.cell(c.pos), "")
			if noData(v) {
				t.noData++
				continue
			}
			t.facts = append(t.facts, tableFact{line: r.line, pos: c.pos, region: code, year: strconv.Itoa(c.year),
				indicator: indicator, sex: c.sex, value: v})
		}
	}
}

// context is the region most rows lie in (a kab/kota for a table of its kecamatan): it tells
// kecamatan of the same name apart, and is the region of a "Jumlah" (total) row.
func (t *table) context(rows []gridRow, m *matcher) string {
	votes := map[string]int{}
	best := ""
	for _, r := range rows {
		if ms := m.match(r.cell(t.lo.nameCol), ""); len(ms) == 1 {
			p := m.regions[ms[0]].parent
			votes[p]++
			if votes[p] > votes[best] || (votes[p] == votes[best] && p < best) {
				best = p
			}
		}
	}
	return best
}

// region is the code of the region a name names, or the reason it names none.
func (t *table) region(name, parent string, m *matcher) (code, reason string) {
	col := t.letters[t.lo.nameCol]
	switch key := splitName(name).key; {
	case name == "":
		return "", "values without a region name (expected the region's name in column " + col + ")"
	case isNumber(name):
		return "", "a number, not a region name (expected the region's name as BPS writes it, such as Kota Medan, in column " + col + ")"
	case (key == "jumlah" || key == "total" || key == "jumlahtotal") && parent != "":
		return parent, ""
	}
	ms := m.match(name, parent)
	switch len(ms) {
	case 1:
		return m.regions[ms[0]].code, ""
	case 0:
		return "", "unknown region name (expected a region of the region table as BPS writes it; closest: " + m.closest(name).String() + ")"
	}
	names := make([]string, len(ms))
	for i, j := range ms {
		names[i] = m.regions[j].String()
	}
	return "", fmt.Sprintf("region name matches %d regions: %s (expected one region: write Kabupaten or Kota, or the full name)",
		len(ms), strings.Join(names, ", "))
}

// indicator is the indicator of --indicator (flag, a code or alias, which the checks
// resolve), else the one the title names.
func (t *table) indicator(ctx context.Context, q querier, path, flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	phrases, err := titlePhrases(ctx, q)
	if err != nil {
		return "", err
	}
	if code := titleIndicator(t.lo.title, phrases); code != "" {
		return code, nil
	}
	return "", fileError(path, "the title %q names no indicator of the catalog, or two (expected a title such as \"Umur Harapan Hidup menurut Kabupaten/Kota, 2023\", or --indicator CODE)",
		clip(t.lo.title))
}

// tableDecimal is how a CSV table writes its numbers: declared, or "comma" when its values
// are written the Indonesian way (74,5 or 1.234,5), else "point".
func tableDecimal(facts []tableFact, declared string) string {
	if declared == "comma" || declared == "point" {
		return declared
	}
	for _, f := range facts {
		if commaNumber.MatchString(f.value) {
			return "comma"
		}
	}
	return "point"
}

// openTable makes the loader load l.tbl as a table: the landed rows are those of an
// indicators file, on the table's header line.
func (l *loader) openTable(t *table) {
	l.tbl = t
	l.spec, _ = specOf("table")
	l.res.Kind = l.spec.name
	l.h = header{fields: l.spec.columns, line: t.lo.headerLastRow}
	l.pos = make([]int, len(l.spec.columns))
	for i := range l.pos {
		l.pos[i] = i
	}
	l.res.Ignored = t.lo.ignored
	l.res.NoData = t.noData
}

// landTable lands the facts as rows of an indicators file numbered k = 1, 2, ..., the rows
// rejected before the checks, and table_cell: the line and column of every k.
func (l *loader) landTable(ctx context.Context) (landed, error) {
	t := l.tbl
	if err := newLanding(ctx, l.conn, t.letters); err != nil {
		return landed{}, err
	}
	if _, err := execFile(ctx, l.conn, "table_cell.sql"); err != nil {
		return landed{}, err
	}
	source := any(nil)
	if t.lo.source != "" {
		source = t.lo.source
	}
	err := withLander(ctx, l.conn, l.path, len(l.spec.columns), ";", func(ld *lander) error {
		for _, r := range t.rejects {
			if err := ld.reject(r.line, r.pos, r.value, r.reason); err != nil {
				return err
			}
		}
		for i, f := range t.facts {
			ld.row[0] = int64(i + 1)
			for j, v := range []any{f.region, f.year, f.indicator, f.sex, f.value, source, nil} {
				ld.row[j+1] = v
			}
			if err := ld.rows.AppendRow(ld.row...); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		err = l.landCells(t)
	}
	if err != nil {
		return landed{}, atFile(l.path, err)
	}
	return landed{from: "land", lineExpr: "line"}, nil
}

// landCells fills table_cell: the table's line and column of every landed row k.
func (l *loader) landCells(t *table) error {
	return withDriverConn(l.conn, func(c driver.Conn) error {
		cells, err := duckdb.NewAppender(c, "temp", "main", "table_cell")
		if err != nil {
			return err
		}
		for i, f := range t.facts {
			if err := cells.AppendRow(int64(i+1), f.line, int32(f.pos), t.letters[f.pos], t.letters[t.lo.nameCol]); err != nil {
				cells.Close()
				return err
			}
		}
		return cells.Close()
	})
}
