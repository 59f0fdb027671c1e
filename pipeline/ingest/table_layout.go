package ingest

import (
	"regexp"
	"strconv"
	"strings"
)

// The layout of a BPS-style table: title rows, one or two header rows naming the year and the
// sex of each value column (sexes over years, years over sexes, or one row of Laki-laki /
// Perempuan / Jumlah), data rows (a region name, then the values), footnote rows.

// maxHeaderSearch is how many rows from the top the header row may be.
const maxHeaderSearch = 50

var (
	yearCell  = regexp.MustCompile(`^(?i:tahun\s*)?((?:19|20)[0-9]{2}|[12]\.[0-9]{3})(?:\.0+)?\s*(?:\*+|\(?[a-z0-9]\))?$`)
	titleYear = regexp.MustCompile(`\b(19|20)[0-9]{2}\b`)
	colNumber = regexp.MustCompile(`^\(?[0-9]+\)?$`)
	footnote  = regexp.MustCompile(`^(?i:sumber|source|catatan|note|notes|keterangan|ket\.|\*|[0-9]+\)|\([0-9a-z]\)|[¹²³⁴⁵])`)
	source    = regexp.MustCompile(`^(?i:sumber|source)(?:\s*/\s*(?i:sumber|source))?\s*:?\s*`)
)

// tableYear reads a header cell as a year: 2023, 2.023 (a year written as a number with a
// thousands point), "Tahun 2023", 2023* (a footnote mark); 0 when it is none.
func tableYear(c string) int {
	m := yearCell.FindStringSubmatch(c)
	if m == nil {
		return 0
	}
	y, err := strconv.Atoi(strings.ReplaceAll(m[1], ".", ""))
	if err != nil || y < 1900 || y > 2100 {
		return 0
	}
	return y
}

// tableSex reads a header cell as a sex: P, L or T ("": none). Bilingual headers
// (Laki-laki/Male) are read by their first part.
func tableSex(c string) string {
	n := strings.ToLower(c)
	if strings.Contains(n, "/") && !strings.Contains(n, "+") {
		n, _, _ = strings.Cut(n, "/")
	}
	n = strings.NewReplacer(" ", "", "-", "", ".", "", "*", "").Replace(n)
	switch n {
	case "p", "perempuan", "wanita", "female", "females", "women":
		return "P"
	case "l", "lakilaki", "laki", "pria", "male", "males", "men":
		return "L"
	case "t", "jumlah", "total", "l+p", "lakilaki+perempuan", "jumlah(total)", "total(jumlah)", "jumlah/total", "both", "bothsexes":
		return "T"
	}
	return ""
}

func isToken(c string) bool { return tableYear(c) > 0 || tableSex(c) != "" }

// isNumber says whether a cell is a number (a value, not a label).
func isNumber(c string) bool {
	c = strings.NewReplacer(".", "", ",", "", " ", "").Replace(strings.TrimPrefix(strings.TrimPrefix(c, "-"), "+"))
	if c == "" {
		return false
	}
	for _, r := range c {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// tokens counts the year and sex cells of row from column 1 on.
func tokens(r gridRow) int {
	n := 0
	for j := 1; j < len(r.cells); j++ {
		if isToken(r.cells[j]) {
			n++
		}
	}
	return n
}

// layout is where the parts of a table are (indices into grid.rows).
type layout struct {
	title         string // the title rows' text, joined
	header        []int  // the header rows (one or two)
	dataFrom      int    // the first data row
	dataTo        int    // one past the last data row (the first footnote row)
	columns       []valueColumn
	nameCol       int
	source        string   // from a "Sumber: ..." footnote
	ignored       []string // header labels of the columns that are neither name nor values
	headerLastRow int64
}

// valueColumn is a column of values: its position, and the year and sex its header gives
// (0, "": not given by the header).
type valueColumn struct {
	pos  int
	year int
	sex  string
}

// findLayout finds the header rows, the data rows and the footnotes of g. ok is false when g
// has no header of years or sexes (it is not a table).
func findLayout(g grid) (layout, bool) {
	var lo layout
	start := -1
	for i := 0; i < len(g.rows) && i < maxHeaderSearch; i++ {
		if isHeaderRow(g.rows[i]) && !isTitle(g.rows[i]) {
			start = i
			break
		}
	}
	if start < 0 {
		return lo, false
	}
	var title []string
	for _, r := range g.rows[:start] {
		for _, c := range r.cells {
			if c != "" {
				title = append(title, c)
			}
		}
	}
	lo.title = strings.Join(title, " ")
	lo.header = []int{start}
	next := start + 1
	if next < len(g.rows) && isHeaderRow(g.rows[next]) {
		lo.header = append(lo.header, next)
		next++
	}
	lo.headerLastRow = g.rows[next-1].line
	if next < len(g.rows) && isNumberingRow(g.rows[next]) {
		next++
	}
	lo.dataFrom, lo.dataTo = next, len(g.rows)
	for i := next; i < len(g.rows); i++ {
		if isFootnote(g.rows[i]) {
			lo.dataTo = i
			break
		}
	}
	var sources []string
	for _, r := range g.rows[lo.dataTo:] {
		if first := firstCell(r); source.MatchString(first) {
			sources = append(sources, strings.TrimSpace(source.ReplaceAllString(first, "")))
		}
	}
	lo.source = strings.Join(sources, "; ")
	lo.findColumns(g)
	return lo, len(lo.columns) > 0
}

// isTitle says whether a row is a title split by the CSV delimiter ("..., 2023"): a first
// cell of four words or more, or a long one (a header names its first column in a word or
// two: Kabupaten/Kota, Kecamatan), and at most one more cell.
func isTitle(r gridRow) bool {
	n := 0
	for _, c := range r.cells {
		if c != "" {
			n++
		}
	}
	first := firstCell(r)
	return n <= 2 && (len(strings.Fields(first)) >= 4 || len([]rune(first)) > 40)
}

// isHeaderRow says whether a row is a header row: it has year or sex cells from column 1 on,
// and no numbers that are not years.
func isHeaderRow(r gridRow) bool {
	if tokens(r) == 0 {
		return false
	}
	for j := 1; j < len(r.cells); j++ {
		if c := r.cells[j]; c != "" && !isToken(c) && isNumber(c) {
			return false
		}
	}
	return true
}

// isNumberingRow is BPS's row of column numbers under the header: (1) (2) (3) ...
func isNumberingRow(r gridRow) bool {
	n := 0
	for _, c := range r.cells {
		if c == "" {
			continue
		}
		if !colNumber.MatchString(c) || !strings.HasPrefix(c, "(") {
			return false
		}
		n++
	}
	return n > 1
}

// isFootnote: a row whose only text is one cell that starts as a footnote does.
func isFootnote(r gridRow) bool {
	n := 0
	for _, c := range r.cells {
		if c != "" {
			n++
		}
	}
	return n == 1 && footnote.MatchString(firstCell(r))
}

func firstCell(r gridRow) string {
	for _, c := range r.cells {
		if c != "" {
			return c
		}
	}
	return ""
}

// findColumns reads the year and sex of every column from the header rows. In a two-row
// header a cell of the upper row spans the columns to its right whose lower cell names a
// year or a sex, up to the next upper cell (merged cells hold their text in the first one).
// The name column is the column left of the values with the most text in the data rows.
func (lo *layout) findColumns(g grid) {
	lower := g.rows[lo.header[len(lo.header)-1]]
	var upper gridRow
	if len(lo.header) == 2 {
		upper = g.rows[lo.header[0]]
	}
	carried := ""
	first := -1
	for j := 0; j < g.width; j++ {
		up, low := upper.cell(j), lower.cell(j)
		if up != "" {
			carried = up
		}
		if len(lo.header) == 2 && up == "" && isToken(low) {
			up = carried
		}
		col := valueColumn{pos: j}
		for _, c := range []string{up, low} {
			if y := tableYear(c); y > 0 {
				col.year = y
			} else if s := tableSex(c); s != "" {
				col.sex = s
			}
		}
		if j == 0 || (col.year == 0 && col.sex == "") {
			continue
		}
		if first < 0 {
			first = j
		}
		lo.columns = append(lo.columns, col)
	}
	if first < 0 {
		return
	}
	best := -1
	for j := 0; j < first; j++ {
		n := 0
		for _, r := range g.rows[lo.dataFrom:lo.dataTo] {
			if c := r.cell(j); c != "" && !isNumber(c) {
				n++
			}
		}
		if best < 0 || n > best {
			best, lo.nameCol = n, j
		}
	}
	for j := 0; j < g.width; j++ {
		if j == lo.nameCol || lo.isValue(j) {
			continue
		}
		label := strings.TrimSpace(upper.cell(j) + " " + lower.cell(j))
		if label != "" {
			lo.ignored = append(lo.ignored, label)
		}
	}
}

func (lo *layout) isValue(j int) bool {
	for _, c := range lo.columns {
		if c.pos == j {
			return true
		}
	}
	return false
}

// titleYearOf is the one year the title names (0: none, or several).
func titleYearOf(title string) int {
	years := map[string]bool{}
	for _, y := range titleYear.FindAllString(title, -1) {
		years[y] = true
	}
	if len(years) != 1 {
		return 0
	}
	for y := range years {
		n, _ := strconv.Atoi(y)
		return n
	}
	return 0
}

// noData says whether a value cell says "no data": empty, -, –, —, …, ..., NA, n.a., N/A.
func noData(c string) bool {
	switch strings.ToLower(c) {
	case "", "-", "–", "—", "…", "...", "na", "n.a.", "n.a", "n/a", "--":
		return true
	}
	return false
}
