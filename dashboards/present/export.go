package present

import (
	"bufio"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// Provenance says what a download is: the snapshot it was read from, when that snapshot was
// published, the filters of the page, the source, and whether a row limit cut it.
type Provenance struct {
	Table     string    // the table's caption, as on the page
	Snapshot  string    // run-000001
	Published time.Time // when the snapshot was published
	Filters   []Filter  // as the page shows them: Wilayah = Kota Medan (1275), ...
	Source    string    // the published tables the figures come from
	Rows      int       // rows in the file
	TotalRows int       // rows before the limit; more than Rows when the download was cut
	Notes     []string  // what the marks of the table's cells mean, as the page explains them
}

// Filter is one filter of a download, as shown.
type Filter struct{ Name, Value string }

// Truncated reports whether a row limit cut the download.
func (p Provenance) Truncated() bool { return p.TotalRows > p.Rows }

// Lines are the provenance as label and value pairs in l: snapshot, publication date,
// filters, source, and the cut when there was one.
func (p Provenance) Lines(l Lang) []Filter {
	var out []Filter
	if p.Table != "" {
		out = append(out, Filter{l.T("export.table"), p.Table})
	}
	out = append(out, Filter{l.T("data.snapshot"), p.Snapshot}, Filter{l.T("export.published"), l.Date(p.Published)})
	var fs []string
	for _, f := range p.Filters {
		fs = append(fs, f.Name+" = "+f.Value)
	}
	if len(fs) == 0 {
		fs = []string{l.T("export.nofilter")}
	}
	out = append(out, Filter{l.T("export.filters"), strings.Join(fs, " · ")}, Filter{l.T("col.source"), p.Source})
	if p.Truncated() {
		out = append(out, Filter{l.T("export.truncated"), p.TruncatedText(l)})
	}
	for _, n := range p.Notes {
		out = append(out, Filter{l.T("report.key"), n})
	}
	return out
}

// TruncatedText says how a row limit cut the download: "100 dari 250 baris" / "100 of 250 rows".
func (p Provenance) TruncatedText(l Lang) string {
	return strings.NewReplacer("%shown", l.Int(float64(p.Rows)), "%total", l.Int(float64(p.TotalRows))).Replace(l.T("export.cut"))
}

// CSVOptions choose the dialect of a CSV download. The zero value is RFC 4180: comma
// separated, a decimal point, no provenance.
type CSVOptions struct {
	// Indonesian writes `;` between fields and a decimal comma (1234,5; no thousands
	// separator), what Excel set to Indonesian opens as columns and numbers.
	Indonesian bool
	// Meta, when set, is written after the table: one empty line, then one line per fact,
	// each starting with "# " (pandas: read_csv(..., comment="#"); Excel shows them under
	// the table).
	Meta *Provenance
	Lang Lang // the language of Meta's labels
}

// WriteCSVWith writes the table like WriteCSV in the dialect of o, with its provenance.
func (t *Table) WriteCSVWith(w io.Writer, o CSVOptions) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString("\ufeff"); err != nil {
		return err
	}
	comma := ","
	if o.Indonesian {
		comma = ";"
	}
	rec := make([]string, len(t.Cols))
	for i, c := range t.Cols {
		rec[i] = c.header()
	}
	writeRecord(bw, rec, comma)
	for _, row := range t.Rows {
		for i, col := range t.Cols {
			rec[i] = ""
			if i < len(row.Cells) {
				v := raw(col, row.Cells[i])
				rec[i] = csvField(v)
				if _, isNum := v.(float64); isNum && o.Indonesian {
					rec[i] = strings.Replace(rec[i], ".", ",", 1)
				}
			}
		}
		writeRecord(bw, rec, comma)
	}
	if o.Meta != nil {
		// Each fact is one field a spreadsheet reads as text: no separator, no quote, and a
		// leading "#", so no formula can start in it.
		clean := strings.NewReplacer(comma, map[bool]string{true: ",", false: ";"}[o.Indonesian], `"`, "'")
		bw.WriteString("\n")
		for _, f := range o.Meta.Lines(o.Lang) {
			bw.WriteString("# " + clean.Replace(oneLine(f.Name)+": "+oneLine(f.Value)) + "\n")
		}
	}
	return bw.Flush()
}

// writeRecord writes one CSV record as encoding/csv would, and also quotes a field holding
// "#", so a reader skipping "#" comments (pandas comment="#") never cuts a value short.
func writeRecord(w *bufio.Writer, rec []string, comma string) {
	for i, f := range rec {
		if i > 0 {
			w.WriteString(comma)
		}
		if f == "" || !strings.ContainsAny(f, comma+"\"\r\n#") && f[0] != ' ' && f[0] != '\t' {
			w.WriteString(f)
			continue
		}
		w.WriteString(`"` + strings.ReplaceAll(f, `"`, `""`) + `"`)
	}
	w.WriteString("\n")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// NotesTable is the provenance as a two-column sheet ("Catatan" / "Notes"), the last sheet
// of an XLSX download.
func (p Provenance) NotesTable(l Lang) *Table {
	t := &Table{Sheet: l.T("export.sheet"), Cols: []Column{{Header: l.T("report.item"), Kind: KText}, {Header: l.T("report.key"), Kind: KText}}}
	for _, f := range p.Lines(l) {
		t.Rows = append(t.Rows, Row{Cells: []Cell{{Text: f.Name}, {Text: f.Value}}})
	}
	return t
}

// InferNumFormat is the XLSX number format of a number cell shown as its Text in l: rupiah
// ("Rp ..."), a percent of a fraction (38,3% for 0.383), or a number with the decimals the
// text shows. Excel shows the format in its user's locale (1.234,5 in Indonesian settings).
func InferNumFormat(l Lang, c Cell) string {
	v, ok := c.Value.(float64)
	text := strings.TrimSpace(c.Text)
	if !ok || text == "" || text == Missing {
		return ""
	}
	_, sep := l.separators()
	decimals := func(s string) int {
		s = strings.TrimRight(s, "% ")
		if i := strings.LastIndex(s, sep); i >= 0 {
			n := 0
			for _, r := range s[i+1:] {
				if r < '0' || r > '9' {
					break
				}
				n++
			}
			return n
		}
		return 0
	}
	dec := decimals(text)
	zeros := ""
	if dec > 0 {
		zeros = "." + strings.Repeat("0", dec)
	}
	switch {
	case strings.HasPrefix(text, "Rp "):
		return NumberFormat(KRupiah, 0)
	case strings.HasSuffix(text, "%"):
		shown, err := strconv.ParseFloat(strings.NewReplacer(".", "", ",", "", "%", "", "−", "-").Replace(text), 64)
		if err == nil && math.Abs(v*100*math.Pow(10, float64(dec))-shown) < 1 {
			return "0" + zeros + "%"
		}
		return "#,##0" + zeros + `"%"`
	}
	return "#,##0" + zeros
}
