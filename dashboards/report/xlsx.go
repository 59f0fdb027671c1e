package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/setara-pug/setara/dashboards/present"
)

// WriteXLSX writes the workbook: one sheet per table of the report, each with a header row
// (frozen), units in the headers, number formats, and a sources/notes sheet.
func (r *Report) WriteXLSX(w io.Writer) error {
	var tables []*Table
	for _, s := range r.Sections() {
		for i := range s.Tables {
			tables = append(tables, &s.Tables[i])
		}
	}
	notes := r.notesTable()
	if err := present.WriteXLSX(w, append(tables, &notes)...); err != nil {
		return fmt.Errorf("report: writing xlsx: %w", err)
	}
	return nil
}

// notesTable is the sources/notes sheet: where the figures come from and how to read them.
func (r *Report) notesTable() Table {
	l := r.Lang
	t := Table{Sheet: l.T("sheet.notes"), Title: l.T("sec.notes"), Cols: []Col{{Header: l.T("report.item")}, {Header: l.T("report.key")}}}
	add := func(k, v string) { t.Rows = append(t.Rows, Row{Cells: []Cell{text(k), text(v)}}) }
	add(l.T("report.title"), r.Region.Name+" "+strconv.Itoa(r.Year))
	add(l.T("col.region"), r.Region.Name+" ("+r.Region.Code+")")
	add(l.T("col.year"), strconv.Itoa(r.Year))
	add(l.T("report.snapshot"), r.SnapshotID)
	add(l.T("data.published"), r.published())
	demo := l.T("no")
	if r.Demo {
		demo = l.T("yes") + ": " + l.T("report.demo_banner")
	}
	add(l.T("demo.banner"), demo)
	add(l.T("col.source"), "setara published snapshot: gender_index, indicator_value, gender_gap, program_summary, target_group_summary, opd_ranking, opd_evaluation, pug_readiness, opd_finding, finding_catalog, data_completeness, index_catalog, indicator_catalog")
	for _, m := range r.Methods {
		name := m.NameID
		if l == English {
			name = m.NameEN
		}
		add(strings.ToUpper(m.Code)+": "+name, m.Source)
	}
	add("*", l.T("report.flag_micro"))
	add("†", l.T("report.flag_unrel"))
	add(l.T("report.ratio"), l.T("report.ratio_note"))
	if len(r.Missing) > 0 {
		add(l.T("report.tables_missing"), strings.Join(r.Missing, ", "))
	}
	return t
}
