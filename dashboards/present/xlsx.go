package present

import (
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// WriteXLSX writes a workbook with one sheet per table: a frozen, bold header row (units
// in brackets), numbers as numbers with the display format of their column, bold totals,
// and the table's note under it.
func WriteXLSX(w io.Writer, tables ...*Table) error {
	f := excelize.NewFile()
	defer f.Close()
	x := &xlsxWriter{f: f, styles: map[string]int{}}
	for i, t := range tables {
		if err := x.sheet(t, i == 0); err != nil {
			return err
		}
	}
	_, err := f.WriteTo(w)
	return err
}

type xlsxWriter struct {
	f      *excelize.File
	styles map[string]int
}

var headStyle = &excelize.Style{
	Font:      &excelize.Font{Bold: true},
	Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F4E9F0"}},
	Alignment: &excelize.Alignment{WrapText: true, Vertical: "bottom"},
	Border:    []excelize.Border{{Type: "bottom", Color: "7B1F5C", Style: 2}},
}

// style returns the style of key, creating it from st once.
func (x *xlsxWriter) style(key string, st *excelize.Style) (int, error) {
	if id, ok := x.styles[key]; ok {
		return id, nil
	}
	id, err := x.f.NewStyle(st)
	if err != nil {
		return 0, err
	}
	x.styles[key] = id
	return id, nil
}

// NumberFormat is the XLSX number format of a column kind with dec decimals ("" for none).
func NumberFormat(k Kind, dec int) string {
	zeros := ""
	if dec > 0 {
		zeros = "." + strings.Repeat("0", dec)
	}
	switch k {
	case KPlain, KText:
		return ""
	case KInt:
		return "#,##0"
	case KRupiah:
		return `"Rp "#,##0`
	case KShare:
		return "0" + zeros + "%"
	case KSigned:
		return "+0" + zeros + ";-0" + zeros + ";0" + zeros
	}
	return "#,##0" + zeros
}

func sheetName(s string) string {
	if r := []rune(s); len(r) > 31 {
		return string(r[:31])
	}
	return s
}

func (x *xlsxWriter) sheet(t *Table, first bool) error {
	name := sheetName(t.Sheet)
	if first {
		if err := x.f.SetSheetName("Sheet1", name); err != nil {
			return err
		}
	} else if _, err := x.f.NewSheet(name); err != nil {
		return err
	}
	if err := x.header(name, t.Cols); err != nil {
		return err
	}
	for i, row := range t.Rows {
		for j, c := range row.Cells {
			if j >= len(t.Cols) {
				break
			}
			if err := x.cell(name, j+1, i+2, t.Cols[j], c, row.Strong); err != nil {
				return err
			}
		}
	}
	if t.Note != "" {
		cell, _ := excelize.CoordinatesToCellName(1, len(t.Rows)+3)
		if err := x.f.SetCellStr(name, cell, t.Note); err != nil {
			return err
		}
	}
	return x.f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

func (x *xlsxWriter) header(name string, cols []Column) error {
	head, err := x.style("head", headStyle)
	if err != nil {
		return err
	}
	for j, c := range cols {
		cell, _ := excelize.CoordinatesToCellName(j+1, 1)
		if err := x.f.SetCellStr(name, cell, c.header()); err != nil {
			return err
		}
		width := 14.0
		switch c.Kind {
		case KText:
			width = 28
		case KRupiah:
			width = 20
		}
		col, _ := excelize.ColumnNumberToName(j + 1)
		if err := x.f.SetColWidth(name, col, col, width); err != nil {
			return err
		}
	}
	last, _ := excelize.CoordinatesToCellName(max(len(cols), 1), 1)
	if err := x.f.SetCellStyle(name, "A1", last, head); err != nil {
		return err
	}
	return x.f.SetRowHeight(name, 1, 32)
}

// cell writes one cell: a number with its column's format, or a text.
func (x *xlsxWriter) cell(name string, col, row int, c Column, v Cell, strong bool) error {
	addr, _ := excelize.CoordinatesToCellName(col, row)
	val := raw(c, v)
	var err error
	switch n := val.(type) {
	case nil:
		return nil // an empty cell: no value published
	case float64:
		err = x.f.SetCellFloat(name, addr, n, -1, 64)
	case int64:
		err = x.f.SetCellInt(name, addr, n)
	case string:
		err = x.f.SetCellStr(name, addr, n)
	default:
		err = x.f.SetCellValue(name, addr, n)
	}
	if err != nil {
		return err
	}
	dec := c.Dec
	if v.DecSet {
		dec = v.Dec
	}
	format := ""
	if _, text := val.(string); !text {
		format = NumberFormat(c.Kind, dec)
		if v.NumFormat != "" {
			format = v.NumFormat
		}
	}
	if format == "" && !strong {
		return nil
	}
	st := &excelize.Style{Font: &excelize.Font{Bold: strong}}
	if format != "" {
		st.CustomNumFmt = &format
	}
	id, err := x.style(format+"/"+strconv.FormatBool(strong), st)
	if err != nil {
		return err
	}
	return x.f.SetCellStyle(name, addr, addr, id)
}
