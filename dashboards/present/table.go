package present

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Kind says how a column's numbers are shown (Lang.Cell) and styled in XLSX.
type Kind int

// The column kinds.
const (
	KText   Kind = iota
	KInt         // whole numbers with thousands separators
	KRupiah      // rupiah, no decimals
	KShare       // a fraction 0-1 shown as percent
	KNum         // a number with Column.Dec decimals
	KSigned      // a change with sign and Column.Dec decimals
	KPlain       // a number whose cells carry their own text; no XLSX number format
)

// Column is a table column.
type Column struct {
	Header   string
	Unit     string // after the header: "Rp", "%", "tahun"
	Kind     Kind
	Dec      int
	Wide     bool   // a long text column (names)
	SortHref string // set when the column sorts server-side (web)
	Sorted   string // "ascending", "descending" or ""
}

// Numeric reports whether the column holds numbers (right-aligned).
func (c Column) Numeric() bool { return c.Kind != KText }

// Cell is a value as shown (Text) and as downloaded (Value: float64, int64, string or nil).
// A number cell without Text is formatted by its column (Lang.Cell); Dec overrides the
// column's decimals when DecSet.
type Cell struct {
	Text   string
	Value  any
	Dec    int
	DecSet bool
	Title  string // definition shown on hover (web)
	Mark   string // "*" unreliable, "≈" approximate (web)
	Class  string // css class (web)
	Href   string // link (web)
	// NumFormat is the XLSX number format of this cell when set (InferNumFormat), instead
	// of its column's.
	NumFormat string
}

// Row is a table row; Strong marks a total.
type Row struct {
	Cells  []Cell
	Strong bool
}

// Table is one table: a page table, a report table, a download, a workbook sheet.
type Table struct {
	Sheet string // XLSX sheet name (cut to 31 characters)
	Title string
	Note  string
	Cols  []Column
	Rows  []Row
	// Figure, when set, draws the table's figures; it is shown after the table (HTML only).
	Figure Figure
}

// Cell formats c of column col: its Text when set, else its number by the column's kind.
func (l Lang) Cell(col Column, c Cell) string {
	if c.Text != "" || col.Kind == KText {
		return c.Text
	}
	v, ok := number(c.Value)
	if !ok || math.IsNaN(v) {
		return Missing
	}
	dec := col.Dec
	if c.DecSet {
		dec = c.Dec
	}
	switch col.Kind {
	case KInt, KRupiah:
		return l.Num(math.Round(v), 0)
	case KShare:
		return l.Num(v*100, dec)
	case KSigned:
		return l.Signed(v, dec)
	}
	return l.Num(v, dec)
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	}
	return 0, false
}

// header is a column's header in a download: the unit in brackets.
func (c Column) header() string {
	if c.Unit != "" {
		return c.Header + " (" + c.Unit + ")"
	}
	return c.Header
}

// raw is a cell as a download holds it: the number unformatted, the text as is.
func raw(col Column, c Cell) any {
	switch x := c.Value.(type) {
	case float64:
		return roundSignificant(x)
	case nil:
		if col.Kind == KText || c.Text != "" && col.Kind != KPlain {
			return c.Text
		}
		return nil
	}
	return c.Value
}

// csvField is a download value for a CSV file. Text a spreadsheet would read as a formula
// (starting with = + - @, a tab or a carriage return) gets a leading apostrophe, so opening
// a download cannot run a formula smuggled into a name.
func csvField(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int64:
		return strconv.FormatInt(x, 10)
	case string:
		if x != "" && strings.ContainsRune("=+-@\t\r", rune(x[0])) {
			return "'" + x
		}
		return x
	}
	return fmt.Sprint(v)
}

// WriteCSV writes the table with a header row and a byte-order mark (Excel needs it to
// read UTF-8); numbers are unformatted so scripts read them in any locale.
func (t *Table) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	rec := make([]string, len(t.Cols))
	for i, c := range t.Cols {
		rec[i] = c.header()
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for _, row := range t.Rows {
		for i, col := range t.Cols {
			rec[i] = ""
			if i < len(row.Cells) {
				rec[i] = csvField(raw(col, row.Cells[i]))
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// roundSignificant drops floating-point noise (-23.510000000000005) from computed values by
// keeping 12 significant digits, more than any published figure has.
func roundSignificant(x float64) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	v, err := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	if err != nil {
		return x
	}
	return v
}

// NonFinite spells a NaN or infinite f in the words of a machine format (Prometheus text:
// NaN, +Inf, -Inf; JSON values: NaN, Infinity, -Infinity); ok is false for a finite f.
func NonFinite(f float64, nan, posInf, negInf string) (s string, ok bool) {
	switch {
	case math.IsNaN(f):
		return nan, true
	case math.IsInf(f, 1):
		return posInf, true
	case math.IsInf(f, -1):
		return negInf, true
	}
	return "", false
}
