package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
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

// cell is a value as shown (Text) and as downloaded (Raw: float64, int64, string or nil).
type cell struct {
	Text  string
	Raw   any
	Title string // definition shown on hover: formula, inputs, unit, source, batch
	Mark  string // "*" unreliable, "≈" approximate
	Class string
	Href  string
}

func textCell(s string) cell { return cell{Text: s, Raw: s} }

func numCell(text string, v float64, title string) cell {
	return cell{Text: text, Raw: v, Title: title, Class: "num"}
}

// yearCell shows a year as a label (2024), never with a thousands separator.
func yearCell(y int) cell { return cell{Text: strconv.Itoa(y), Raw: int64(y), Class: "num"} }

func intCell(l *locale, v int64) cell {
	return cell{Text: l.Int(float64(v)), Raw: v, Class: "num"}
}

// suppressedCell stands for an unreliable estimate that is not shown.
func suppressedCell(l *locale, title string) cell {
	return cell{Text: "—", Raw: nil, Title: l.T("unreliable.title") + ". " + title, Class: "num suppressed"}
}

func (t *table) header() []string {
	out := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		out[i] = c.Label
	}
	return out
}

func rawString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(roundSignificant(x), 'f', -1, 64)
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case string:
		return x
	}
	return fmt.Sprint(v)
}

// csvCell is rawString for a CSV file, except that text a spreadsheet would read as a
// formula (starting with = + - @, a tab or a carriage return) gets a leading apostrophe, so
// opening a download cannot run a formula smuggled into a name.
func csvCell(v any) string {
	s := rawString(v)
	if _, text := v.(string); text && s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// writeCSV writes the table with a header row; numbers are unformatted (a dot as decimal
// separator, no thousands separator) so spreadsheets and scripts read them in any locale.
func (t *table) writeCSV() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\ufeff") // Excel needs the BOM to read UTF-8
	w := csv.NewWriter(&buf)
	if err := w.Write(t.header()); err != nil {
		return nil, err
	}
	rec := make([]string, len(t.Columns))
	for _, row := range t.Rows {
		for i := range rec {
			rec[i] = ""
			if i < len(row) {
				rec[i] = csvCell(row[i].Raw)
			}
		}
		if err := w.Write(rec); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// writeXLSX writes the table to one sheet, numbers as numbers.
func (t *table) writeXLSX() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := sheetName(t.ID)
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	header := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c.Label
	}
	if err := f.SetSheetRow(sheet, "A1", &header); err != nil {
		return nil, err
	}
	for r, row := range t.Rows {
		vals := make([]any, len(t.Columns))
		for i := range vals {
			if i < len(row) {
				vals[i] = row[i].Raw
				if f, ok := vals[i].(float64); ok {
					vals[i] = roundSignificant(f)
				}
			}
		}
		addr, err := excelize.CoordinatesToCellName(1, r+2)
		if err != nil {
			return nil, err
		}
		if err := f.SetSheetRow(sheet, addr, &vals); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// sheetName keeps a table id within Excel's 31-character sheet name limit.
func sheetName(id string) string {
	if len(id) > 31 {
		return id[:31]
	}
	return id
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
