package report

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/setara-pug/setara/dashboards/present"
	"github.com/setara-pug/setara/data"
)

// EvaluationOPD is one row of opd_evaluation: an OPD's grade, GBS coverage, target
// achievement by sex, prerequisites and findings.
type EvaluationOPD struct {
	OPDCode, OPDName, Grade, RuleID, RuleEN string
	Responsive, WithGBS                     int64
	CompleteShare, FemaleAch, MaleAch       sql.NullFloat64
	PrereqMet, PrereqPartial, Findings      int64
	Codes                                   []string // finding codes, in the catalog's order
}

// Readiness is one cell of the prerequisite matrix (pug_readiness); Status "" is not reported.
type Readiness struct {
	OPDCode, OPDName, Prerequisite, Status string
}

// Finding is one catalogued finding with how often it occurs in the year.
type Finding struct {
	Code, Severity, TextID, TextEN, RecommendationID, RecommendationEN string
	Activities, OPDs                                                   int64
}

func (b *builder) loadEvaluation(ctx context.Context, _ string) error {
	r := b.r
	if err := queryAll(ctx, b, "evaluation_opd.sql", &r.Evaluation, func(rows *sql.Rows, x *EvaluationOPD) error {
		var grade sql.NullString
		var codes string
		err := rows.Scan(&x.OPDCode, &x.OPDName, &grade, &x.RuleID, &x.RuleEN, &x.Responsive, &x.WithGBS, &x.CompleteShare,
			&x.FemaleAch, &x.MaleAch, &x.PrereqMet, &x.PrereqPartial, &x.Findings, &codes)
		x.Grade, x.Codes = grade.String, splitList(codes)
		return err
	}, r.Year); err != nil {
		return err
	}
	if err := queryAll(ctx, b, "evaluation_readiness.sql", &r.Readiness, func(rows *sql.Rows, x *Readiness) error {
		return rows.Scan(&x.OPDCode, &x.OPDName, &x.Prerequisite, &x.Status)
	}, r.Year); err != nil {
		return err
	}
	return queryAll(ctx, b, "evaluation_findings.sql", &r.Findings, func(rows *sql.Rows, x *Finding) error {
		return rows.Scan(&x.Code, &x.Severity, &x.TextID, &x.TextEN, &x.RecommendationID, &x.RecommendationEN, &x.Activities, &x.OPDs)
	}, r.Year)
}

// evaluationSection is the chapter the PUG coordination meeting reads: a summary, each OPD's
// grade and findings, the prerequisite matrix, and one recommendation per finding that occurs
// (the catalog's sentence, data/findings.csv).
func (r *Report) evaluationSection() Section {
	l := r.Lang
	s := Section{ID: "evaluasi", Title: l.T("sec.evaluation"), Intro: l.T("report.evaluation_intro"),
		Missing: r.missing("opd_evaluation", "pug_readiness", "opd_finding", "finding_catalog")}
	if len(s.Missing) > 0 {
		return s
	}
	year := strconv.Itoa(r.Year)
	texts := map[string]string{}
	for _, f := range r.Findings {
		texts[f.Code] = l.Pick(f.TextID, f.TextEN)
	}

	// Summary: OPDs by grade, GBS coverage.
	byGrade := map[string]int64{}
	var responsive, withGBS int64
	var complete float64
	for _, o := range r.Evaluation {
		byGrade[o.Grade]++
		responsive += o.Responsive
		withGBS += o.WithGBS
		if o.CompleteShare.Valid {
			complete += o.CompleteShare.Float64 * float64(o.Responsive)
		}
	}
	sum := Table{Sheet: l.T("sheet.evaluation_summary"), Title: l.T("report.evaluation_summary") + " " + year,
		Cols: []Col{{Header: l.T("form.measure"), Wide: true}, {Header: l.T("col.value"), Kind: present.KPlain}}}
	add := func(label string, c Cell) { sum.Rows = append(sum.Rows, Row{Cells: []Cell{text(label), c}}) }
	add(l.T("report.opd_count"), Cell{Value: int64(len(r.Evaluation)), Text: l.Int(float64(len(r.Evaluation)))})
	for _, g := range []string{"A", "B", "C", "D", ""} {
		label := l.T("eval.col.grade") + " " + g
		if g == "" {
			label = l.T("report.no_grade")
		}
		add(label, Cell{Value: byGrade[g], Text: l.Int(float64(byGrade[g]))})
	}
	add(l.T("report.responsive_act"), Cell{Value: responsive, Text: l.Int(float64(responsive))})
	add(l.T("eval.col.withgbs"), Cell{Value: withGBS, Text: l.Int(float64(withGBS))})
	if responsive > 0 {
		add(l.T("eval.col.complete"), Cell{Value: complete / float64(responsive), Text: l.Percent(complete/float64(responsive), 1)})
	}
	sum.Note = l.T("eval.def.grade")

	opds := Table{Sheet: l.T("sheet.evaluation_opd"), Title: l.T("eval.opds") + " " + year,
		Cols: []Col{{Header: l.T("report.code")}, {Header: l.T("col.opd"), Wide: true}, {Header: l.T("eval.col.grade")},
			{Header: l.T("report.responsive_act_short"), Kind: present.KInt}, {Header: l.T("eval.col.complete"), Unit: "%", Kind: present.KShare, Dec: 1},
			{Header: l.T("eval.col.achf"), Unit: "%", Kind: present.KShare, Dec: 1}, {Header: l.T("eval.col.achm"), Unit: "%", Kind: present.KShare, Dec: 1},
			{Header: l.T("eval.col.prereq"), Kind: present.KInt}, {Header: l.T("eval.col.findings"), Wide: true}}}
	for _, o := range r.Evaluation {
		var said []string
		for _, c := range o.Codes {
			said = append(said, texts[c])
		}
		grade := o.Grade
		if grade == "" {
			grade = present.Missing
		}
		opds.Rows = append(opds.Rows, Row{Cells: []Cell{text(o.OPDCode), text(o.OPDName), text(grade), intCell(o.Responsive),
			nullNum(o.CompleteShare), nullNum(o.FemaleAch), nullNum(o.MaleAch), intCell(o.PrereqMet), text(strings.Join(said, "; "))}})
	}

	matrix := Table{Sheet: l.T("eval.def.prerequisites.term"), Title: l.T("eval.readiness") + " " + year,
		Cols: []Col{{Header: l.T("col.opd"), Wide: true}}}
	for _, p := range data.Prerequisites {
		matrix.Cols = append(matrix.Cols, Col{Header: l.T("eval.pre." + p)})
	}
	var row *Row
	last := ""
	for _, x := range r.Readiness {
		if x.OPDCode != last {
			name := x.OPDName
			if x.OPDCode == "KOTA" {
				name = l.T("eval.city")
			} else if name == "" {
				name = x.OPDCode
			}
			matrix.Rows = append(matrix.Rows, Row{Cells: make([]Cell, 1+len(data.Prerequisites)), Strong: x.OPDCode == "KOTA"})
			row = &matrix.Rows[len(matrix.Rows)-1]
			row.Cells[0] = text(name)
			for i := range data.Prerequisites {
				row.Cells[1+i] = text(l.T("eval.status.none"))
			}
			last = x.OPDCode
		}
		for i, p := range data.Prerequisites {
			if p == x.Prerequisite {
				status := "none"
				if x.Status != "" {
					status = x.Status
				}
				row.Cells[1+i] = text(l.T("eval.status." + status))
			}
		}
	}

	recs := Table{Sheet: l.T("sheet.recommendations"), Title: l.T("report.recommendations") + " " + year,
		Cols: []Col{{Header: l.T("eval.col.finding"), Wide: true}, {Header: l.T("col.activities"), Kind: present.KInt},
			{Header: l.T("report.opd_count"), Kind: present.KInt}, {Header: l.T("eval.col.recommendation"), Wide: true}}}
	for _, f := range r.Findings {
		if f.Activities == 0 {
			continue // a recommendation only where the finding occurs
		}
		recs.Rows = append(recs.Rows, Row{Cells: []Cell{text(l.Pick(f.TextID, f.TextEN)), intCell(f.Activities), intCell(f.OPDs),
			text(l.Pick(f.RecommendationID, f.RecommendationEN))}})
	}
	s.Tables = []Table{sum, opds, recs, matrix}
	return s
}
