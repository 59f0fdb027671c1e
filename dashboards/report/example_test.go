package report_test

import (
	"database/sql"
	"fmt"
	"strings"

	"github.com/setara-pug/setara/dashboards/report"
)

// The program section of a report whose snapshot holds only program_summary: its intro
// sentence and its budget table, formatted as in the HTML report.
func ExampleReport_Sections() {
	f := func(v float64) sql.NullFloat64 { return sql.NullFloat64{Float64: v, Valid: true} }
	health := report.Program{OPDCode: "1.02.01", OPDName: "Dinas Kesehatan", Activities: 4, ResponsiveActivities: 3,
		Budget: f(2.5e9), Realization: f(2.25e9), RealizationRate: f(0.9), ResponsiveBudget: f(2e9), ResponsiveShare: f(0.8)}
	total := health
	total.OPDCode, total.OPDs = "", 1
	r := &report.Report{Year: 2023, Lang: report.Indonesian, Region: report.Area{Code: "1275", Name: "Kota Medan"},
		Programs: []report.Program{health}, ProgramTotal: &total,
		Missing: []string{"gender_index", "indicator_value", "target_group_summary", "opd_ranking", "data_completeness", "index_catalog"}}
	for _, s := range r.Sections() {
		if s.ID != "program" {
			continue
		}
		fmt.Println(s.Intro[strings.Index(s.Intro, "Pada tahun ini"):])
		t := s.Tables[0]
		for _, row := range t.Rows {
			var cells []string
			for j, c := range row.Cells {
				cells = append(cells, r.Lang.Cell(t.Cols[j], c))
			}
			fmt.Println(strings.Join(cells, " | "))
		}
	}
	// Output:
	// Pada tahun ini 1 OPD mengelola anggaran Rp 2.500.000.000, di antaranya Rp 2.000.000.000 (80,0%) untuk kegiatan responsif gender; realisasi Rp 2.250.000.000 (90,0%).
	// 1.02.01 | Dinas Kesehatan | 4 | 3 | 2.500.000.000 | 2.250.000.000 | 90,0 | 2.000.000.000 | 80,0
	//  | Jumlah (1 OPD) | 4 | 3 | 2.500.000.000 | 2.250.000.000 | 90,0 | 2.000.000.000 | 80,0
}
