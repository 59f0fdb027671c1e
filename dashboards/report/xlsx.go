package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// WriteXLSX writes the workbook: one sheet per table of the report, each with a header row
// (frozen), units in the headers, number formats, and a sources/notes sheet.
func (r *Report) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	x := &xlsxWriter{f: f, styles: map[string]int{}}
	first := true
	for _, s := range r.Sections() {
		for _, t := range s.Tables {
			if err := x.table(t, first); err != nil {
				return fmt.Errorf("report: xlsx sheet %q: %w", t.Sheet, err)
			}
			first = false
		}
	}
	if err := x.table(r.notesTable(), first); err != nil {
		return fmt.Errorf("report: xlsx notes: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("report: writing xlsx: %w", err)
	}
	return nil
}

type xlsxWriter struct {
	f      *excelize.File
	styles map[string]int
}

// style returns the style of a column kind with dec decimals (header: bold, filled).
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

func numberFormat(k Kind, dec int) string {
	zeros := ""
	if dec > 0 {
		zeros = "."
		for i := 0; i < dec; i++ {
			zeros += "0"
		}
	}
	switch k {
	case KInt:
		return "#,##0"
	case KRupiah:
		return `"Rp "#,##0`
	case KShare:
		return "0" + zeros + "%"
	case KSigned:
		return "+0" + zeros + ";-0" + zeros + ";0" + zeros
	default:
		return "#,##0" + zeros
	}
}

func (x *xlsxWriter) table(t Table, first bool) error {
	f := x.f
	name := t.Sheet
	if len([]rune(name)) > 31 {
		name = string([]rune(name)[:31])
	}
	if first {
		if err := f.SetSheetName("Sheet1", name); err != nil {
			return err
		}
	} else if _, err := f.NewSheet(name); err != nil {
		return err
	}
	head, err := x.style("head", &excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F4E9F0"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "bottom"},
		Border:    []excelize.Border{{Type: "bottom", Color: "7B1F5C", Style: 2}},
	})
	if err != nil {
		return err
	}
	for j, c := range t.Cols {
		cell, _ := excelize.CoordinatesToCellName(j+1, 1)
		h := c.Header
		if c.Unit != "" {
			h += " (" + c.Unit + ")"
		}
		if err := f.SetCellStr(name, cell, h); err != nil {
			return err
		}
		width := 14.0
		switch {
		case c.Kind == KText:
			width = 28
		case c.Kind == KRupiah:
			width = 20
		}
		col, _ := excelize.ColumnNumberToName(j + 1)
		if err := f.SetColWidth(name, col, col, width); err != nil {
			return err
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(t.Cols), 1)
	if err := f.SetCellStyle(name, "A1", last, head); err != nil {
		return err
	}
	if err := f.SetRowHeight(name, 1, 32); err != nil {
		return err
	}
	for i, row := range t.Rows {
		for j, c := range row.Cells {
			col := t.Cols[j]
			cell, _ := excelize.CoordinatesToCellName(j+1, i+2)
			if col.Kind == KText || (!c.OK && c.Text != "") {
				if err := f.SetCellStr(name, cell, c.Text); err != nil {
					return err
				}
				if row.Strong {
					id, err := x.style("text-strong", &excelize.Style{Font: &excelize.Font{Bold: true}})
					if err != nil {
						return err
					}
					f.SetCellStyle(name, cell, cell, id)
				}
				continue
			}
			if !c.OK {
				continue // an empty cell: no value published
			}
			dec := c.dec(col)
			key := strconv.Itoa(int(col.Kind)) + "/" + strconv.Itoa(dec) + "/" + strconv.FormatBool(row.Strong)
			id, err := x.style(key, &excelize.Style{CustomNumFmt: ptr(numberFormat(col.Kind, dec)), Font: &excelize.Font{Bold: row.Strong}})
			if err != nil {
				return err
			}
			if err := f.SetCellFloat(name, cell, c.Num, -1, 64); err != nil {
				return err
			}
			if err := f.SetCellStyle(name, cell, cell, id); err != nil {
				return err
			}
		}
	}
	if t.Note != "" {
		cell, _ := excelize.CoordinatesToCellName(1, len(t.Rows)+3)
		if err := f.SetCellStr(name, cell, t.Note); err != nil {
			return err
		}
	}
	return f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

func ptr[T any](v T) *T { return &v }

// notesTable is the sources/notes sheet: where the figures come from and how to read them.
func (r *Report) notesTable() Table {
	l := r.Lang
	t := Table{Sheet: l.T("sheet_notes"), Title: l.T("sec_notes"), Cols: []Col{{Header: l.T("item")}, {Header: l.T("key")}}}
	add := func(k, v string) { t.Rows = append(t.Rows, Row{Cells: []Cell{text(k), text(v)}}) }
	add(l.T("title"), r.Region.Name+" "+strconv.Itoa(r.Year))
	add(l.T("region"), r.Region.Name+" ("+r.Region.Code+")")
	add(l.T("year"), strconv.Itoa(r.Year))
	add(l.T("snapshot"), r.SnapshotID)
	add(l.T("published"), r.published())
	demo := l.T("no")
	if r.Demo {
		demo = l.T("yes") + ": " + l.T("demo_banner")
	}
	add(l.T("demo"), demo)
	add(l.T("source"), "setara published snapshot: gender_index, indicator_value, gender_gap, program_summary, target_group_summary, opd_ranking, data_completeness, index_catalog, indicator_catalog")
	for _, m := range r.Methods {
		name := m.NameID
		if l == English {
			name = m.NameEN
		}
		add(strings.ToUpper(m.Code)+": "+name, m.Source)
	}
	add("*", l.T("flag_micro"))
	add("†", l.T("flag_unrel"))
	add(l.T("ratio"), l.T("ratio_note"))
	if len(r.Missing) > 0 {
		add(l.T("tables_missing"), strings.Join(r.Missing, ", "))
	}
	return t
}
