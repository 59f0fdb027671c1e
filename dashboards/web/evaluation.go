package web

import (
	"database/sql"
	"slices"
	"strings"

	"github.com/setara-pug/setara/dashboards/present"
	"github.com/setara-pug/setara/data"
)

// evaluationView is the PUG evaluation page (/evaluasi): the city's readiness, the OPDs with
// their grade and findings, each OPD's activities, and the findings with their
// recommendations.
type evaluationView struct {
	Year      int
	Missing   bool // the snapshot was published before the evaluation existed
	Stats     []stat
	City      []readinessCell // KOTA's seven prerequisites
	Readiness *table
	OPDs      *table
	Findings  *table
	// Activities is the downloadable table of every activity; the page shows it per OPD.
	Activities *table
	Groups     []activityGroup

	groupOf map[string]int    // OPD code -> its index in Groups (filled with the OPD table)
	opdName map[string]string // OPD code -> name
}

type readinessCell struct {
	Label, Status, Class, Evidence string
}

// activityGroup is one OPD's activities on the page, opened on demand (<details>).
type activityGroup struct {
	Name, Grade, Summary string
	Columns              []column
	Rows                 [][]cell
}

func buildEvaluation(r *request) error {
	l := r.l
	pg := r.page
	pg.Title, pg.Lead = l.T("eval.title"), l.T("eval.lead")
	view := &evaluationView{}
	pg.Evaluation = view
	// the stages write the evaluation's tables together: one of them tells whether the snapshot has them
	var has int
	if err := scanAll(r.ctx, r.db, "has_table", func(q rowScanner) error { return q.Scan(&has) }, "opd_evaluation"); err != nil {
		return err
	}
	if has == 0 {
		view.Missing = true
		return nil
	}
	years, err := loadYears(r.ctx, r.db, "evaluation_years")
	if err != nil {
		return err
	}
	year := r.p.Year
	if !slices.Contains(years, year) && len(years) > 0 {
		year = years[len(years)-1]
	}
	view.Year = year
	pg.Form = r.regionForm(years, year)
	pg.Form.Regions = nil // the evaluation is of Kota Medan's own OPDs
	for _, d := range []struct{ term, text string }{
		{"eval.col.gbs", "gbs"}, {"eval.col.complete", "complete"}, {"eval.def.apkm.term", "apkm"},
		{"eval.def.achievement.term", "achievement"}, {"eval.def.prerequisites.term", "prerequisites"}, {"eval.col.grade", "grade"},
	} {
		pg.Defs = append(pg.Defs, definition{Term: l.T(d.term), Text: l.T("eval.def." + d.text)})
	}
	for _, add := range []func(*evaluationView, int) error{r.evaluationReadiness, r.evaluationOPDs} {
		if err := add(view, year); err != nil {
			return err
		}
	}
	texts, err := r.evaluationFindings(view, year)
	if err != nil {
		return err
	}
	return r.evaluationActivities(view, year, texts)
}

// statusCell shows a prerequisite's status in words, with its evidence as the title.
func (r *request) statusCell(status sql.NullString, evidence sql.NullString) cell {
	c := cell{Text: r.l.T("eval.status.none"), Value: nil, Class: "status none"}
	if status.Valid {
		c = cell{Text: r.l.T("eval.status." + status.String), Value: status.String, Class: "status " + status.String}
	}
	if evidence.Valid {
		c.Title = evidence.String
	}
	return c
}

// evaluationReadiness is the prerequisite matrix: the city first, then the OPDs.
func (r *request) evaluationReadiness(view *evaluationView, year int) error {
	l := r.l
	t := &table{ID: "readiness", Caption: l.T("eval.readiness") + " " + itoa(year), Empty: l.T("eval.readiness.none")}
	t.Columns = append(t.Columns, column{Label: l.T("col.opd")})
	for _, p := range data.Prerequisites {
		t.Columns = append(t.Columns, column{Label: l.T("eval.pre." + p)})
	}
	rows := map[string][]cell{}
	var order []string
	err := scanAll(r.ctx, r.db, "pug_readiness", func(q rowScanner) error {
		var code, pre string
		var name, status, evidence sql.NullString
		if err := q.Scan(&code, &name, &pre, &status, &evidence); err != nil {
			return err
		}
		if _, ok := rows[code]; !ok {
			label := name.String
			if code == "KOTA" {
				label = l.T("eval.city")
			} else if label == "" {
				label = code
			}
			rows[code] = make([]cell, 1+len(data.Prerequisites))
			rows[code][0] = textCell(label)
			order = append(order, code)
		}
		i := slices.Index(data.Prerequisites, pre)
		if i < 0 {
			return nil
		}
		rows[code][1+i] = r.statusCell(status, evidence)
		if code == "KOTA" {
			c := rows[code][1+i]
			view.City = append(view.City, readinessCell{Label: l.T("eval.pre." + pre), Status: c.Text, Class: c.Class, Evidence: c.Title})
		}
		return nil
	}, year)
	if err != nil {
		return err
	}
	for _, code := range order {
		t.Rows = append(t.Rows, rows[code])
	}
	view.Readiness = r.addTable(t)
	return nil
}

// evaluationOPDs is the table of OPDs with their grade, and the headline figures.
func (r *request) evaluationOPDs(view *evaluationView, year int) error {
	l := r.l
	t := &table{ID: "opd-evaluation", Caption: l.T("eval.opds") + " " + itoa(year), Empty: l.T("eval.none")}
	for _, k := range []string{"col.opd", "eval.col.grade", "report.responsive_act", "eval.col.withgbs", "eval.col.complete",
		"eval.col.apkm", "eval.col.achf", "eval.col.achm", "eval.col.prereq", "eval.col.findings"} {
		t.Columns = append(t.Columns, column{Label: l.T(k), Num: k != "col.opd" && k != "eval.col.grade" && k != "eval.col.apkm"})
	}
	var responsive, withGBS, graded int64
	var complete float64
	view.groupOf, view.opdName = map[string]int{}, map[string]string{}
	err := scanAll(r.ctx, r.db, "opd_evaluation", func(q rowScanner) error {
		var code, name string
		var grade, ruleID, ruleEN, factors sql.NullString
		var acts, resp, gbs, met, partial, findings sqlInt
		var share, tf, bf, af, tm, bm, am sqlFloat
		if err := q.Scan(&code, &name, &grade, &ruleID, &ruleEN, &acts, &resp, &gbs, &share, &factors,
			&tf, &bf, &af, &tm, &bm, &am, &met, &partial, &findings); err != nil {
			return err
		}
		responsive += resp.Int64
		withGBS += gbs.Int64
		if share.Valid {
			complete += share.Float64 * float64(resp.Int64)
		}
		g := cell{Text: orDash(grade.String), Value: nullString(grade), Title: l.Pick(ruleID.String, ruleEN.String), Class: "grade"}
		if grade.Valid {
			graded++
			g.Class = "grade grade-" + strings.ToLower(grade.String)
		}
		pre := cell{Text: l.Int(float64(met.Int64)) + " / 7", Value: met.Int64, Class: "num",
			Title: l.T("eval.status.ada") + " " + l.Int(float64(met.Int64)) + " · " + l.T("eval.status.sebagian") + " " + l.Int(float64(partial.Int64))}
		t.Rows = append(t.Rows, []cell{textCell(name), g, r.optInt(resp), r.optInt(gbs),
			r.shareCell(share, l.T("eval.def.complete")), textCell(r.factorNames(factors.String)),
			r.achievementCell(bf, tf, af), r.achievementCell(bm, tm, am), pre, r.optInt(findings)})
		// the OPD's group of activities, in the same (grade) order; its rows come with the activities
		view.groupOf[code], view.opdName[code] = len(view.Groups), name
		view.Groups = append(view.Groups, activityGroup{Name: name, Grade: orDash(grade.String),
			Summary: l.Int(float64(resp.Int64)) + " " + l.T("eval.summary.responsive") + " · " + l.Int(float64(findings.Int64)) + " " + l.T("eval.summary.findings")})
		return nil
	}, year)
	if err != nil {
		return err
	}
	view.OPDs = r.addTable(t)
	if len(t.Rows) > 0 {
		completeText := present.Missing
		if responsive > 0 {
			completeText = l.Percent(complete/float64(responsive), 1)
		}
		view.Stats = []stat{
			{Label: l.T("eval.stat.graded"), Value: l.Int(float64(graded)), Sub: l.T("eval.stat.of") + " " + l.Int(float64(len(t.Rows))) + " " + l.T("report.opd_count"), Title: l.T("eval.def.grade")},
			{Label: l.T("report.responsive_act"), Value: l.Int(float64(responsive)), Sub: l.T("eval.col.withgbs") + " " + l.Int(float64(withGBS)), Title: l.T("eval.def.gbs")},
			{Label: l.T("eval.col.complete"), Value: completeText, Title: l.T("eval.def.complete")},
		}
	}
	return nil
}

// achievementCell is beneficiaries against the target of one sex: the share, titled with
// both counts.
func (r *request) achievementCell(benef, target, achievement sqlFloat) cell {
	if !achievement.Valid {
		return missingCell()
	}
	return numCell(r.l.Percent(achievement.Float64, 1), achievement.Float64,
		r.l.Int(benef.Float64)+" / "+r.l.Int(target.Float64)+" · "+r.l.T("eval.def.achievement"))
}

// factorNames writes APKM factors (akses;partisipasi) as words of the page's language.
func (r *request) factorNames(list string) string {
	if list == "" {
		return present.Missing
	}
	parts := strings.Split(list, ";")
	for i, f := range parts {
		parts[i] = r.l.T("eval.apkm." + f)
	}
	return strings.Join(parts, ", ")
}

// evaluationActivities is the table of activities and, from the same rows, each OPD's group.
func (r *request) evaluationActivities(view *evaluationView, year int, texts map[string]string) error {
	l := r.l
	t := &table{ID: "evaluation-activities", Caption: l.T("eval.activities") + " " + itoa(year), Empty: l.T("eval.none")}
	keys := []string{"col.opd", "eval.col.activity", "eval.col.gbs", "eval.col.apkm", "eval.col.tf", "col.benf",
		"eval.col.achf", "eval.col.tm", "col.benm", "eval.col.achm", "eval.col.data", "eval.col.findings"}
	for _, k := range keys {
		t.Columns = append(t.Columns, column{Label: l.T(k), Num: strings.HasPrefix(k, "eval.col.t") || strings.HasPrefix(k, "col.ben") || strings.HasPrefix(k, "eval.col.ach")})
	}
	for i := range view.Groups {
		view.Groups[i].Columns = t.Columns[1:]
	}
	err := scanAll(r.ctx, r.db, "program_evaluation", func(q rowScanner) error {
		var code, program, activity string
		var responsive, hasGBS, complete bool
		var factors, indicator, findings sql.NullString
		var dataYear sqlInt
		var tf, bf, af, tm, bm, am, df, dm sqlFloat
		if err := q.Scan(&code, &program, &activity, &responsive, &hasGBS, &complete, &factors, &tf, &bf, &af,
			&tm, &bm, &am, &indicator, &dataYear, &df, &dm, &findings); err != nil {
			return err
		}
		status := "eval.gbs.none"
		switch {
		case hasGBS && complete:
			status = "eval.gbs.complete"
		case hasGBS:
			status = "eval.gbs.incomplete"
		}
		gbs := cell{Text: l.T(status), Value: l.T(status), Class: "gbs " + strings.TrimPrefix(status, "eval.gbs.")}
		data := textCell(present.Missing)
		if indicator.Valid {
			data = textCell(r.indicatorName(indicator.String))
			if df.Valid && dm.Valid {
				data.Text = data.Text + " " + itoa(int(dataYear.Int64)) + ": " + l.T("sex.P") + " " + l.Value(df.Float64) + " · " + l.T("sex.L") + " " + l.Value(dm.Float64)
				data.Value = data.Text
			}
		}
		var said []string
		for _, f := range strings.Split(findings.String, ";") {
			if f != "" {
				said = append(said, texts[f])
			}
		}
		found := textCell(strings.Join(said, "; "))
		if len(said) == 0 {
			found = textCell(present.Missing)
		}
		row := []cell{textCell(activity), gbs, textCell(r.factorNames(factors.String)),
			r.countCell(tf, l.T("eval.col.tf")), r.countCell(bf, l.T("col.benf")), r.achievementCell(bf, tf, af),
			r.countCell(tm, l.T("eval.col.tm")), r.countCell(bm, l.T("col.benm")), r.achievementCell(bm, tm, am),
			data, found}
		name := view.opdName[code]
		if name == "" {
			name = code
		}
		t.Rows = append(t.Rows, append([]cell{textCell(name)}, row...))
		if i, ok := view.groupOf[code]; ok {
			view.Groups[i].Rows = append(view.Groups[i].Rows, row)
		}
		return nil
	}, year)
	if err != nil {
		return err
	}
	view.Activities = r.addTable(t)
	return nil
}

// evaluationFindings is every finding with how often it occurs and its recommendation; it
// returns each finding's text in the page's language, for the activities.
func (r *request) evaluationFindings(view *evaluationView, year int) (map[string]string, error) {
	l := r.l
	t := &table{ID: "findings", Caption: l.T("eval.findings") + " " + itoa(year), Empty: l.T("eval.none")}
	for _, k := range []string{"eval.col.finding", "col.severity", "col.activities", "report.opd_count", "eval.col.recommendation"} {
		t.Columns = append(t.Columns, column{Label: l.T(k), Num: k == "col.activities" || k == "report.opd_count"})
	}
	texts := map[string]string{}
	err := scanAll(r.ctx, r.db, "finding_summary", func(q rowScanner) error {
		var code, severity, textID, textEN, recID, recEN string
		var acts, opds int64
		if err := q.Scan(&code, &severity, &textID, &textEN, &recID, &recEN, &acts, &opds); err != nil {
			return err
		}
		texts[code] = l.Pick(textID, textEN)
		t.Rows = append(t.Rows, []cell{textCell(texts[code]), textCell(l.T("eval.severity." + severity)),
			intCell(l, acts), intCell(l, opds), textCell(l.Pick(recID, recEN))})
		return nil
	}, year)
	if err != nil {
		return nil, err
	}
	view.Findings = r.addTable(t)
	return texts, nil
}

// orDash is a text as shown: present.Missing for none.
func orDash(s string) string {
	if s == "" {
		return present.Missing
	}
	return s
}

func nullString(s sql.NullString) any {
	if !s.Valid {
		return nil
	}
	return s.String
}
