package web

import (
	"slices"

	"github.com/setara-pug/setara/dashboards/present"
)

type programView struct {
	Year       int
	Stats      []stat
	ShareChart *present.BarChart
	OPD        *table
	Groups     *table
	Ranking    *table
}

type stat struct {
	Label, Value, Title, Sub string
}

// targetGroups are the five target groups of Medan's PUG policy, in the policy's order.
var targetGroups = []string{"perempuan", "disabilitas", "lansia", "ibu_hamil", "anak"}

func buildProgram(r *request) error {
	l := r.l
	pg := r.page
	pg.Title, pg.Lead = l.T("program.title"), l.T("program.lead")
	years, err := loadYears(r.ctx, r.db, "program_years")
	if err != nil {
		return err
	}
	year := r.p.Year
	if !slices.Contains(years, year) && len(years) > 0 {
		year = years[len(years)-1]
	}
	pg.Form = r.regionForm(years, year)
	pg.Form.Regions = nil // programs are Kota Medan's own OPDs
	hiddenRegion := r.p.values().Get("region")
	if hiddenRegion != "" {
		pg.Form.Hidden = append(pg.Form.Hidden, option{Label: "region", Value: hiddenRegion})
	}
	view := &programView{Year: year}
	for _, k := range []string{"budget", "responsive", "share", "realrate", "output", "benef", "femshare", "score"} {
		pg.Defs = append(pg.Defs, definition{Term: l.T(defTerm[k]), Text: l.T("def.prog." + k)})
	}
	for _, add := range []func(*programView, int) error{r.programOPDs, r.programGroups, r.programRanking} {
		if err := add(view, year); err != nil {
			return err
		}
	}
	pg.Program = view
	return nil
}

// programOPDs is the table, headline figures and share chart of the OPDs.
func (r *request) programOPDs(view *programView, year int) error {
	l := r.l
	def := r.programDef
	opd := r.programTable("programs", "program.byopd", year, "col.opd", "col.opd", "col.activities", "col.budget",
		"col.responsive", "col.share", "col.realrate", "col.output", "col.benf", "col.benm", "col.femshare")
	var total, responsive, realization, benF, benM float64
	var bars []present.BarInput
	err := scanAll(r.ctx, r.db, "program_summary", func(q rowScanner) error {
		var code, name string
		var acts, respActs sqlInt
		var budget, real, realRate, respBudget, share, output, bf, bm, femShare sqlFloat
		if err := q.Scan(&code, &name, &acts, &respActs, &budget, &real, &realRate, &respBudget, &share, &output, &bf, &bm, &femShare); err != nil {
			return err
		}
		total += budget.Float64
		responsive += respBudget.Float64
		realization += real.Float64
		benF += bf.Float64
		benM += bm.Float64
		opd.Rows = append(opd.Rows, []cell{
			textCell(name), r.optInt(acts), r.rupiahCell(budget, def("budget")), r.rupiahCell(respBudget, def("responsive")),
			r.shareCell(share, def("share")), r.shareCell(realRate, def("realrate")), r.shareCell(output, def("output")),
			r.countCell(bf, def("benef")), r.countCell(bm, def("benef")), r.shareCell(femShare, def("femshare")),
		})
		b := present.BarInput{Label: name, Values: []float64{nanIfNull(share) * 100}, Texts: []string{present.Missing}}
		if share.Valid {
			b.Texts[0] = l.Percent(share.Float64, 1)
		}
		bars = append(bars, b)
		return nil
	}, year)
	if err != nil {
		return err
	}
	view.OPD = r.addTable(opd)
	if len(opd.Rows) > 0 {
		shareText := present.Missing
		if total > 0 {
			shareText = l.Percent(responsive/total, 1)
		}
		realText := present.Missing
		if total > 0 {
			realText = l.Percent(realization/total, 1)
		}
		view.Stats = []stat{
			{Label: l.T("program.total"), Value: l.RupiahCompact(total), Title: l.Rupiah(total) + " · " + def("budget")},
			{Label: l.T("col.responsive"), Value: l.RupiahCompact(responsive), Sub: shareText, Title: l.Rupiah(responsive) + " · " + def("responsive") + " " + def("share")},
			{Label: l.T("col.realization"), Value: l.RupiahCompact(realization), Sub: realText, Title: l.Rupiah(realization) + " · " + def("realrate")},
			{Label: l.T("program.benef"), Value: l.Int(benF + benM), Sub: l.T("sex.P") + " " + l.Int(benF) + " · " + l.T("sex.L") + " " + l.Int(benM), Title: def("benef")},
		}
		sortBars(bars)
		view.ShareChart = present.NewBarChart(present.BarSpec{ID: "share", Title: l.T("program.sharechart") + " " + itoa(year),
			Desc: l.T("chart.bar.desc"), Rows: bars, Classes: []string{"s0"}})
	}
	return nil
}

// programGroups is the table of target groups, in the policy's order.
func (r *request) programGroups(view *programView, year int) error {
	l := r.l
	def := r.programDef
	groups := r.programTable("target-groups", "program.groups", year, "col.group", "col.group", "col.activities", "col.budget",
		"col.realization", "col.benf", "col.benm")
	byGroup := map[string][]cell{}
	var extra []string
	err := scanAll(r.ctx, r.db, "target_group_summary", func(q rowScanner) error {
		var g string
		var acts sqlInt
		var budget, real, bf, bm sqlFloat
		if err := q.Scan(&g, &acts, &budget, &real, &bf, &bm); err != nil {
			return err
		}
		label := l.T("group." + g)
		if label == "group."+g {
			label = g
			extra = append(extra, g)
		}
		byGroup[g] = []cell{textCell(label), r.optInt(acts), r.rupiahCell(budget, def("budget")), r.rupiahCell(real, def("realrate")),
			r.countCell(bf, def("benef")), r.countCell(bm, def("benef"))}
		return nil
	}, year)
	if err != nil {
		return err
	}
	slices.Sort(extra)
	for _, g := range append(append([]string{}, targetGroups...), extra...) {
		if row, ok := byGroup[g]; ok {
			groups.Rows = append(groups.Rows, row)
		}
	}
	view.Groups = r.addTable(groups)
	return nil
}

// programRanking is the OPD ranking.
func (r *request) programRanking(view *programView, year int) error {
	l := r.l
	def := r.programDef
	rank := r.programTable("opd-ranking", "program.ranking", year, "col.opd", "col.rank", "col.opd", "col.score",
		"col.share", "col.realrate", "col.output", "col.femshare")
	err := scanAll(r.ctx, r.db, "opd_ranking", func(q rowScanner) error {
		var n sqlInt
		var code, name string
		var score, share, realRate, output, femShare sqlFloat
		if err := q.Scan(&n, &code, &name, &score, &share, &realRate, &output, &femShare); err != nil {
			return err
		}
		sc := missingCell()
		if score.Valid {
			sc = numCell(l.Num(score.Float64, 2), score.Float64, def("score"))
		}
		rank.Rows = append(rank.Rows, []cell{r.optInt(n), textCell(name), sc, r.shareCell(share, def("share")),
			r.shareCell(realRate, def("realrate")), r.shareCell(output, def("output")), r.shareCell(femShare, def("femshare"))})
		return nil
	}, year)
	if err != nil {
		return err
	}
	view.Ranking = r.addTable(rank)
	return nil
}

// programTable is the empty table of year's program figures captioned by captionKey, with one
// column a key of keys, all numeric but the text one.
func (r *request) programTable(id, captionKey string, year int, text string, keys ...string) *table {
	t := &table{ID: id, Caption: r.l.T(captionKey) + " " + itoa(year), Empty: r.l.T("program.none")}
	for _, k := range keys {
		t.Columns = append(t.Columns, column{Label: r.l.T(k), Num: k != text})
	}
	return t
}

// programDef is the definition of a program measure with its source.
func (r *request) programDef(k string) string {
	return r.l.T("def.prog."+k) + " " + r.l.T("def.source.program") + "."
}

var defTerm = map[string]string{
	"budget": "col.budget", "responsive": "col.responsive", "share": "col.share", "realrate": "col.realrate",
	"output": "col.output", "benef": "program.benef", "femshare": "col.femshare", "score": "col.score",
}

func (r *request) rupiahCell(v sqlFloat, title string) cell {
	if !v.Valid {
		return missingCell()
	}
	return numCell(r.l.RupiahCompact(v.Float64), v.Float64, r.l.Rupiah(v.Float64)+" · "+title)
}

func (r *request) shareCell(v sqlFloat, title string) cell {
	if !v.Valid {
		return missingCell()
	}
	return numCell(r.l.Percent(v.Float64, 1), v.Float64, title)
}

func (r *request) countCell(v sqlFloat, title string) cell {
	if !v.Valid {
		return missingCell()
	}
	return numCell(r.l.Int(v.Float64), v.Float64, title)
}

func (r *request) optInt(v sqlInt) cell {
	if !v.Valid {
		return missingCell()
	}
	return intCell(r.l, v.Int64)
}

func nanIfNull(v sqlFloat) float64 {
	if !v.Valid {
		return nan()
	}
	return v.Float64
}

// sortBars orders bars largest first, so the chart reads as a ranking.
func sortBars(bars []present.BarInput) {
	slices.SortStableFunc(bars, func(a, b present.BarInput) int {
		x, y := a.Values[0], b.Values[0]
		switch {
		case x != x && y != y:
			return 0
		case x != x:
			return 1
		case y != y:
			return -1
		case x > y:
			return -1
		case x < y:
			return 1
		}
		return 0
	})
}
