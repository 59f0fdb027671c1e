package web

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/setara-pug/setara/dashboards/present"
)

// table is one table of a page. The same value renders as HTML, CSV and XLSX, so a download
// holds exactly the rows the page shows (suppressed cells stay empty).
type table struct {
	ID      string // download name: /download/<ID>.csv
	Caption string
	Columns []column
	Rows    [][]cell
	Empty   string // shown instead of an empty table
	CSV     string // download links
	XLSX    string
}

type column struct {
	Label    string
	Num      bool
	SortHref string // set when the column sorts server-side
	Sorted   string // "ascending", "descending" or ""
}

// cell is a value as shown (Text) and as downloaded (Value: float64, int64, string or nil).
type cell = present.Cell

func textCell(s string) cell { return cell{Text: s, Value: s} }

func numCell(text string, v float64, title string) cell {
	return cell{Text: text, Value: v, Title: title, Class: "num"}
}

// missingCell is a number cell without a value.
func missingCell() cell { return cell{Text: present.Missing, Class: "num"} }

// yearCell shows a year as a label (2024), never with a thousands separator.
func yearCell(y int) cell { return cell{Text: strconv.Itoa(y), Value: int64(y), Class: "num"} }

func intCell(l present.Lang, v int64) cell {
	return cell{Text: l.Int(float64(v)), Value: v, Class: "num"}
}

// suppressedCell stands for an unreliable estimate that is not shown.
func suppressedCell(l present.Lang, title string) cell {
	return cell{Text: present.Missing, Title: l.T("unreliable.title") + ". " + title, Class: "num suppressed"}
}

// model is the table as present's table model, for the CSV and XLSX writers: numbers
// unformatted with the XLSX format of how the page shows them, text as shown. A number keeps
// its cell, so a mark the page shows beside it (‡ caution, * unreliable, ≈ approximate, ◇
// mixed origins) and a value the page does not show (–) go to a last column, Tanda / Marks,
// naming the column of each ("‡ P; ◇ Selisih"); the provenance explains the marks.
func (t *table) model(l present.Lang) *present.Table {
	m := &present.Table{Sheet: t.ID, Title: t.Caption}
	for _, c := range t.Columns {
		k := present.KText
		if c.Num {
			k = present.KPlain
		}
		m.Cols = append(m.Cols, present.Column{Header: c.Label, Kind: k})
	}
	marked := false
	for _, r := range t.Rows {
		cells := make([]cell, len(r))
		var marks []string
		for i, c := range r {
			c.NumFormat = present.InferNumFormat(l, c)
			cells[i] = c
			if mark := downloadMark(c); mark != "" && i < len(t.Columns) {
				marks = append(marks, mark+" "+t.Columns[i].Label)
			}
		}
		if len(marks) > 0 {
			marked = true
			cells = append(cells, textCell(strings.Join(marks, "; ")))
		}
		m.Rows = append(m.Rows, present.Row{Cells: cells})
	}
	if marked {
		m.Cols = append(m.Cols, present.Column{Header: l.T("export.marks"), Kind: present.KText})
	}
	return m
}

// downloadMark is what a download says of a cell beside its value: the page's mark, or "–"
// for an estimate the page does not show (the download leaves its value empty).
func downloadMark(c cell) string {
	if strings.Contains(c.Class, "suppressed") {
		return present.Missing
	}
	return c.Mark
}

// writeCSV writes the table in the dialect of the page's language (Indonesian: `;` and a
// decimal comma; English: RFC 4180) with its provenance after it.
func (t *table) writeCSV(l present.Lang, pv present.Provenance) ([]byte, error) {
	var b bytes.Buffer
	err := t.model(l).WriteCSVWith(&b, present.CSVOptions{Indonesian: l == present.ID, Meta: &pv, Lang: l})
	return b.Bytes(), err
}

// writeXLSX writes the table's sheet (with the cut under it, if any) and a last sheet
// with its provenance.
func (t *table) writeXLSX(l present.Lang, pv present.Provenance) ([]byte, error) {
	var b bytes.Buffer
	m := t.model(l)
	if pv.Truncated() {
		m.Note = l.T("export.truncated") + ": " + pv.TruncatedText(l)
	}
	err := present.WriteXLSX(&b, m, pv.NotesTable(l))
	return b.Bytes(), err
}
