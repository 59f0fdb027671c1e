package ingest

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Annotate writes to dst a copy of the XLSX workbook src with every rejected cell of res marked:
// a fill colour and a note giving the reason in Indonesian (ReasonID), so an OPD gets its own
// file back with the mistakes shown. A problem of a whole row (no column of the header) marks
// the row's first cell; a problem of the whole file is noted on the first cell of the sheet.
// src must be the workbook res was read from (LoadFile with DryRun, or a load); kind is
// res.Kind. It returns how many cells it marked.
func Annotate(src, dst string, res Result, sheet string) (int, error) {
	if !strings.EqualFold(res.Format, "xlsx") {
		return 0, fileError(src, "is not an XLSX workbook (expected an .xlsx file to annotate; a CSV file is checked with setara validate)")
	}
	h, err := sniffXLSX(src, sheet)
	if err != nil {
		return 0, err
	}
	f, name, err := openSheet(src, sheet)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	spec, _ := specOf(res.Kind)
	columns := map[string]int{} // contract column or header text -> 1-based column
	for i, field := range h.fields {
		if spec.name != "" {
			columns[spec.column(field)] = i + 1
		}
		columns[strings.TrimSpace(field)] = i + 1
	}
	mark, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F8C9C4"}},
		Border: []excelize.Border{{Type: "left", Color: "B3261E", Style: 2}, {Type: "right", Color: "B3261E", Style: 2},
			{Type: "top", Color: "B3261E", Style: 2}, {Type: "bottom", Color: "B3261E", Style: 2}}})
	if err != nil {
		return 0, err
	}
	notes := map[string][]string{} // cell -> reasons, in order
	var order []string
	for _, p := range res.Problems {
		col := 1
		if c, ok := columns[p.Column]; ok {
			col = c
		} else if n, err := excelize.ColumnNameToNumber(p.Column); err == nil && p.Column == strings.ToUpper(p.Column) {
			col = n // a table's problems name the column letter
		}
		row := int(p.Line)
		if row < 1 {
			row = 1
		}
		cell, err := excelize.CoordinatesToCellName(col, row)
		if err != nil {
			return 0, err
		}
		if _, seen := notes[cell]; !seen {
			order = append(order, cell)
		}
		text := ReasonID(p.Reason)
		if p.Value != "" {
			text = fmt.Sprintf("%q: %s", p.Value, text)
		}
		notes[cell] = append(notes[cell], text)
	}
	for _, cell := range order {
		if err := f.SetCellStyle(name, cell, cell, mark); err != nil {
			return 0, err
		}
		// a note already on the cell is replaced: the reasons are what the file comes back for
		_ = f.DeleteComment(name, cell)
		if err := f.AddComment(name, excelize.Comment{Cell: cell, Author: "setara",
			Paragraph: []excelize.RichTextRun{{Text: "setara: ", Font: &excelize.Font{Bold: true}}, {Text: strings.Join(notes[cell], "\n")}}}); err != nil {
			return 0, err
		}
	}
	if err := f.SaveAs(dst); err != nil {
		return 0, fmt.Errorf("annotated copy %s: %w", dst, err)
	}
	return len(order), nil
}
