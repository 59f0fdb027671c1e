package report

import (
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/setara-pug/setara/dashboards/present"
)

// Lang is the report language.
type Lang = present.Lang

// The report languages.
const (
	Indonesian = present.ID
	English    = present.EN
)

// The table model is present's: a report table is one sheet of the workbook.
type (
	Col   = present.Column
	Cell  = present.Cell
	Row   = present.Row
	Table = present.Table
)

// Section is one chapter of the report.
type Section struct {
	ID      string
	Title   string
	Intro   string
	Missing []string // published tables the section needs and the snapshot lacks
	Tables  []Table
	Charts  []present.Figure
	Notes   []string
}

func text(s string) Cell   { return Cell{Text: s} }
func num(v float64) Cell   { return Cell{Value: v} }
func intCell(v int64) Cell { return Cell{Value: v} }

func nullNum(v sql.NullFloat64) Cell {
	if !v.Valid {
		return Cell{}
	}
	return num(v.Float64)
}

func nullInt(v sql.NullInt64) Cell {
	if !v.Valid {
		return Cell{}
	}
	return intCell(v.Int64)
}

// missing returns those of tables the snapshot lacks.
func (r *Report) missing(tables ...string) []string {
	var out []string
	for _, t := range tables {
		if contains(r.Missing, t) {
			out = append(out, t)
		}
	}
	return out
}

// IndicatorName is the catalog name of an indicator code in the report language.
func (r *Report) IndicatorName(code string) string {
	e, ok := r.catalog[code]
	if !ok {
		return code
	}
	if r.Lang == English {
		return e.nameEN
	}
	return e.nameID
}

// inputName turns an index input "indicator.SEX" into "name (P)".
func (r *Report) inputName(in string) string {
	code, sex, ok := strings.Cut(in, ".")
	if !ok {
		return r.IndicatorName(code)
	}
	return r.IndicatorName(code) + " (" + r.Lang.T("sex.short."+sex) + ")"
}

func indexDec(code string) int {
	if code == "ikg" {
		return 3
	}
	return 2
}

// Sections lays the report out in its language.
func (r *Report) Sections() []Section {
	return []Section{
		r.indexSection(),
		r.indicatorSection(),
		r.districtSection(),
		r.programSection(),
		r.rankingSection(),
		r.evaluationSection(),
		r.completenessSection(),
		r.methodsSection(),
	}
}

func (r *Report) indexSection() Section {
	l := r.Lang
	s := Section{ID: "indeks", Title: l.T("sec.indices"), Intro: l.T("report.indices_intro"), Missing: r.missing("gender_index")}
	if len(s.Missing) > 0 {
		return s
	}
	year := strconv.Itoa(r.Year)
	sum := Table{Sheet: l.T("sheet.summary"), Title: l.T("report.index_summary") + " " + year,
		Note: l.T("report.change_note") + " " + l.T("report.ikg_lower"), Cols: []Col{{Header: l.T("col.index")}}}
	series := Table{Sheet: l.T("sheet.series"), Title: l.T("report.index_series"),
		Cols: []Col{{Header: l.T("col.index")}, {Header: l.T("col.year")}}}
	for _, a := range r.Compare {
		sum.Cols = append(sum.Cols, Col{Header: a.Name, Unit: year, Kind: present.KNum, Dec: 2},
			Col{Header: l.T("report.change"), Unit: strconv.Itoa(r.Year-1) + "–" + year, Kind: present.KSigned, Dec: 2})
		series.Cols = append(series.Cols, Col{Header: a.Name, Kind: present.KNum, Dec: 2})
	}
	for _, ix := range r.Indices {
		dec := indexDec(ix.Code)
		name := l.T("idx." + ix.Code)
		cur, prev := ix.Latest(r.Year)
		row := Row{Cells: []Cell{text(name)}}
		for i := range r.Compare {
			var v, ch Cell
			if cur != nil && cur.Values[i].Valid {
				v = num(cur.Values[i].Float64)
				if prev != nil && prev.Values[i].Valid {
					ch = num(cur.Values[i].Float64 - prev.Values[i].Float64)
				}
			}
			v.Dec, v.DecSet, ch.Dec, ch.DecSet = dec, true, dec, true
			row.Cells = append(row.Cells, v, ch)
		}
		if cur != nil && cur.Approximate {
			row.Cells[0].Text += " (" + l.T("report.approx") + ")"
			s.Notes = append(s.Notes, name+": "+cur.Note)
		}
		sum.Rows = append(sum.Rows, row)
		for _, p := range ix.Points {
			sr := Row{Cells: []Cell{text(name), text(strconv.Itoa(p.Year))}}
			for i := range r.Compare {
				c := nullNum(p.Values[i])
				c.Dec, c.DecSet = dec, true
				sr.Cells = append(sr.Cells, c)
			}
			series.Rows = append(series.Rows, sr)
		}
		s.Charts = append(s.Charts, lineChart(l, name, r.Compare, ix, dec))
	}
	s.Tables = []Table{sum, series}
	if t, ok := r.indexCheckTable(); ok {
		s.Tables = append(s.Tables, t)
	}
	return s
}

func (r *Report) indicatorSection() Section {
	l := r.Lang
	s := Section{ID: "indikator", Title: l.T("sec.indicators"), Intro: l.T("report.ratio_note"),
		Missing: r.missing("indicator_value", "indicator_catalog", "gender_gap")}
	if len(s.Missing) > 0 {
		return s
	}
	t := Table{Sheet: l.T("form.indicators"), Title: l.T("sec.indicators") + ", " + r.Region.Name + " " + strconv.Itoa(r.Year),
		Cols: []Col{{Header: l.T("report.topic")}, {Header: l.T("form.indicator"), Wide: true}, {Header: l.T("col.unit")},
			{Header: l.T("sex.P"), Kind: present.KNum, Dec: 2}, {Header: l.T("sex.L"), Kind: present.KNum, Dec: 2},
			{Header: l.T("sex.T"), Kind: present.KNum, Dec: 2}, {Header: l.T("report.ratio"), Kind: present.KNum, Dec: 3},
			{Header: l.T("report.difference"), Kind: present.KSigned, Dec: 2}}}
	marks, caution, mixed := false, false, false
	for _, x := range r.Indicators {
		name, unit := x.NameID, x.UnitID
		if l == English {
			name, unit = x.NameEN, x.UnitEN
		}
		if x.Microdata {
			name += " *"
			marks = true
		}
		if !x.Reliable {
			name += " †"
		} else if x.Caution {
			name += " ‡"
			caution = true
		}
		if x.Mixed && (x.Ratio.Valid || x.Difference.Valid) {
			name += " ◇"
			mixed = true
		}
		dec := 2
		switch {
		case x.UnitID == "proporsi" || strings.HasPrefix(x.UnitEN, "proportion"):
			dec = 3
		case strings.Contains(x.UnitEN, "rupiah") || x.UnitEN == "persons":
			dec = 0
		}
		row := Row{Cells: []Cell{text(l.T("topic." + x.Topic)), text(name), text(unit),
			nullNum(x.Female), nullNum(x.Male), nullNum(x.Total), nullNum(x.Ratio), nullNum(x.Difference)}}
		for _, i := range []int{3, 4, 5, 7} {
			row.Cells[i].Dec, row.Cells[i].DecSet = dec, true
		}
		t.Rows = append(t.Rows, row)
	}
	if caution {
		s.Notes = append(s.Notes, l.T("caution.note"))
	}
	if mixed {
		s.Notes = append(s.Notes, l.T("gap.mixed"))
	}
	return withMarks(s, l, t, marks)
}

func withMarks(s Section, l Lang, t Table, marks bool) Section {
	if marks {
		s.Notes = append(s.Notes, l.T("report.flag_micro"), l.T("report.flag_unrel"))
	}
	s.Tables = []Table{t}
	return s
}

func (r *Report) districtSection() Section {
	l := r.Lang
	s := Section{ID: "kecamatan", Title: l.T("sec.districts"), Missing: r.missing("indicator_value", "gender_gap")}
	if len(s.Missing) > 0 {
		return s
	}
	t := Table{Sheet: l.T("report.kecamatan"), Title: l.T("sec.districts") + " " + strconv.Itoa(r.Year),
		Cols: []Col{{Header: l.T("report.kecamatan")}}}
	for _, k := range r.KeyIndicators {
		h := l.T("key." + k)
		t.Cols = append(t.Cols, Col{Header: h, Unit: l.T("sex.P"), Kind: present.KNum, Dec: 2},
			Col{Header: h, Unit: l.T("sex.L"), Kind: present.KNum, Dec: 2}, Col{Header: h, Unit: l.T("report.ratio"), Kind: present.KNum, Dec: 3})
	}
	marks, mixed := false, false
	for _, d := range r.Districts {
		name := d.Name
		unreliable, mixedHere := false, false
		for _, k := range r.KeyIndicators {
			p := d.Values[k]
			if _, ok := d.Values[k]; ok && !p.Reliable {
				unreliable = true
			}
			marks = marks || p.Microdata
			mixedHere = mixedHere || p.Mixed && p.Ratio.Valid
		}
		if unreliable {
			name += " †"
		}
		if mixedHere {
			name += " ◇"
			mixed = true
		}
		row := Row{Cells: []Cell{text(name)}}
		for _, k := range r.KeyIndicators {
			p := d.Values[k]
			row.Cells = append(row.Cells, nullNum(p.Female), nullNum(p.Male), nullNum(p.Ratio))
		}
		t.Rows = append(t.Rows, row)
	}
	s.Charts = r.districtMaps()
	if mixed {
		s.Notes = append(s.Notes, l.T("gap.mixed"))
	}
	return withMarks(s, l, t, marks)
}

// districtMaps draws the women's value of each key indicator over the region's kecamatan (or
// kab/kota), as the web dashboard's Wilayah page does; none without boundaries for the region.
func (r *Report) districtMaps() []present.Figure {
	maps, err := present.LoadMaps()
	b, ok := maps[r.Region.Code]
	if err != nil || !ok {
		return nil
	}
	l := r.Lang
	var figs []present.Figure
	for _, k := range r.KeyIndicators {
		e := r.catalog[k]
		spec := present.MapSpec{ID: "map-" + k, Title: l.T("key."+k) + " (" + l.T("sex.P") + ") " + strconv.Itoa(r.Year),
			Desc: l.T("chart.map.desc"), Values: map[string]present.MapValue{}, Names: map[string]string{},
			Unit: l.Pick(e.unitID, e.unitEN), Format: func(v float64) string { return l.Num(v, 2) }}
		for _, d := range r.Districts {
			spec.Names[d.Code] = d.Name
			if p := d.Values[k]; p.Female.Valid && (p.Reliable || !p.Microdata) {
				spec.Values[d.Code] = present.MapValue{Value: p.Female.Float64, Text: l.Num(p.Female.Float64, 2)}
			}
		}
		figs = append(figs, titled{spec.Title, present.NewChoropleth(l, b, spec)})
	}
	return figs
}

func (r *Report) programSection() Section {
	l := r.Lang
	s := Section{ID: "program", Title: l.T("sec.programs"), Intro: l.T("report.programs_intro"),
		Missing: r.missing("program_summary", "target_group_summary")}
	if !contains(r.Missing, "program_summary") {
		year := strconv.Itoa(r.Year)
		budget := Table{Sheet: l.T("sheet.budget"), Title: l.T("report.opd_budget") + " " + year,
			Cols: []Col{{Header: l.T("report.code")}, {Header: l.T("col.opd"), Wide: true},
				{Header: l.T("col.activities"), Kind: present.KInt}, {Header: l.T("report.responsive_act_short"), Kind: present.KInt},
				{Header: l.T("col.budget"), Unit: "Rp", Kind: present.KRupiah}, {Header: l.T("col.realization"), Unit: "Rp", Kind: present.KRupiah},
				{Header: l.T("col.realrate"), Unit: "%", Kind: present.KShare, Dec: 1},
				{Header: l.T("col.responsive"), Unit: "Rp", Kind: present.KRupiah},
				{Header: l.T("report.responsive_share"), Unit: "%", Kind: present.KShare, Dec: 1}}}
		output := Table{Sheet: l.T("sheet.output"), Title: l.T("report.opd_output") + " " + year,
			Cols: []Col{{Header: l.T("report.code")}, {Header: l.T("col.opd"), Wide: true},
				{Header: l.T("report.output"), Unit: "%", Kind: present.KShare, Dec: 1},
				{Header: l.T("report.benef_f"), Unit: l.T("report.persons"), Kind: present.KInt}, {Header: l.T("report.benef_m"), Unit: l.T("report.persons"), Kind: present.KInt},
				{Header: l.T("col.femshare"), Unit: "%", Kind: present.KShare, Dec: 1}}}
		add := func(p Program, code, name Cell, strong bool) {
			budget.Rows = append(budget.Rows, Row{Strong: strong, Cells: []Cell{code, name, intCell(p.Activities),
				intCell(p.ResponsiveActivities), nullNum(p.Budget), nullNum(p.Realization), nullNum(p.RealizationRate),
				nullNum(p.ResponsiveBudget), nullNum(p.ResponsiveShare)}})
			output.Rows = append(output.Rows, Row{Strong: strong, Cells: []Cell{code, name, nullNum(p.OutputAchievement),
				intCell(p.BeneficiariesFemale), intCell(p.BeneficiariesMale), nullNum(p.FemaleShare)}})
		}
		for _, p := range r.Programs {
			add(p, text(p.OPDCode), text(p.OPDName), false)
		}
		if p := r.ProgramTotal; p != nil {
			s.Intro += " " + fmt.Sprintf(l.T("report.programs_total"), p.OPDs, l.Rupiah(p.Budget.Float64),
				l.Rupiah(p.ResponsiveBudget.Float64), l.Percent(p.ResponsiveShare.Float64, 1), l.Rupiah(p.Realization.Float64),
				l.Percent(p.RealizationRate.Float64, 1))
			add(*p, text(""), text(l.T("report.total_city")+" ("+strconv.FormatInt(p.OPDs, 10)+" "+l.T("report.opd_count")+")"), true)
			// The city total has no published output achievement or female share.
			n := len(output.Rows) - 1
			output.Rows[n].Cells[2], output.Rows[n].Cells[5] = Cell{}, Cell{}
		}
		if len(r.Programs) > 0 {
			budget.Figure = shareChart(l, l.T("program.sharechart")+" "+year, r.Programs)
		}
		s.Tables = append(s.Tables, budget, output)
	}
	if !contains(r.Missing, "target_group_summary") {
		t := Table{Sheet: l.T("sec.groups"), Title: l.T("sec.groups") + " " + strconv.Itoa(r.Year),
			Cols: []Col{{Header: l.T("col.group")}, {Header: l.T("col.activities"), Kind: present.KInt},
				{Header: l.T("col.budget"), Unit: "Rp", Kind: present.KRupiah}, {Header: l.T("col.realization"), Unit: "Rp", Kind: present.KRupiah},
				{Header: l.T("report.benef_f"), Unit: l.T("report.persons"), Kind: present.KInt}, {Header: l.T("report.benef_m"), Unit: l.T("report.persons"), Kind: present.KInt}}}
		for _, g := range r.TargetGroups {
			t.Rows = append(t.Rows, Row{Cells: []Cell{text(l.T("group." + g.Code)), intCell(g.Activities),
				nullNum(g.Budget), nullNum(g.Realization), intCell(g.BeneficiariesFemale), intCell(g.BeneficiariesMale)}})
		}
		if len(r.TargetGroups) > 0 {
			t.Figure = groupChart(l, l.T("report.benef_chart"), r.TargetGroups)
		}
		s.Tables = append(s.Tables, t)
	}
	return s
}

func (r *Report) rankingSection() Section {
	l := r.Lang
	s := Section{ID: "peringkat", Title: l.T("sec.ranking"), Intro: l.T("report.ranking_intro"), Missing: r.missing("opd_ranking")}
	if len(s.Missing) > 0 {
		return s
	}
	t := Table{Sheet: l.T("sec.ranking"), Title: l.T("sec.ranking") + " " + strconv.Itoa(r.Year),
		Cols: []Col{{Header: l.T("col.rank"), Kind: present.KInt}, {Header: l.T("report.code")}, {Header: l.T("col.opd"), Wide: true},
			{Header: l.T("col.score"), Kind: present.KNum, Dec: 1}, {Header: l.T("report.responsive_share"), Unit: "%", Kind: present.KShare, Dec: 1},
			{Header: l.T("col.realrate"), Unit: "%", Kind: present.KShare, Dec: 1}, {Header: l.T("report.output"), Unit: "%", Kind: present.KShare, Dec: 1},
			{Header: l.T("col.femshare"), Unit: "%", Kind: present.KShare, Dec: 1}}}
	for _, x := range r.Ranking {
		t.Rows = append(t.Rows, Row{Cells: []Cell{intCell(x.Rank), text(x.OPDCode), text(x.OPDName), nullNum(x.Score),
			nullNum(x.ResponsiveShare), nullNum(x.RealizationRate), nullNum(x.OutputAchievement), nullNum(x.FemaleShare)}})
	}
	s.Tables = []Table{t}
	return s
}

func (r *Report) completenessSection() Section {
	l := r.Lang
	s := Section{ID: "kelengkapan", Title: l.T("sec.complete"), Intro: l.T("report.complete_intro"),
		Missing: r.missing("data_completeness", "program_summary")}
	if !contains(r.Missing, "data_completeness") {
		t := Table{Sheet: l.T("sheet.index_gaps"), Title: l.T("report.index_gaps") + " " + strconv.Itoa(r.Year),
			Cols: []Col{{Header: l.T("col.index")}, {Header: l.T("nav.regions")}, {Header: l.T("col.status")}, {Header: l.T("report.missing")}}}
		for _, g := range r.IndexGaps {
			where := r.Region.Name
			if !g.Own {
				where = strconv.FormatInt(g.Regions, 10) + " " + l.T("report.n_kecamatan")
				if !g.Complete {
					where += ": " + g.Names
				}
			}
			status := l.T("col.complete")
			if !g.Complete {
				status = l.T("report.incomplete")
			}
			var miss []string
			for _, m := range g.Missing {
				miss = append(miss, r.inputName(m))
			}
			t.Rows = append(t.Rows, Row{Cells: []Cell{text(l.T("idx." + g.Index)), text(where), text(status), text(strings.Join(miss, "; "))}})
		}
		s.Tables = append(s.Tables, t)
	}
	if !contains(r.Missing, "program_summary") {
		t := Table{Sheet: l.T("sheet.opd_gaps"), Title: l.T("report.opd_gaps") + " " + strconv.Itoa(r.Year),
			Cols: []Col{{Header: l.T("report.code")}, {Header: l.T("col.opd"), Wide: true}, {Header: l.T("report.opd_lacks")}}}
		for _, g := range r.OPDGaps {
			var lacks []string
			if g.NoBeneficiaries {
				lacks = append(lacks, l.T("report.no_benef"))
			}
			if g.NoOutput {
				lacks = append(lacks, l.T("report.no_output"))
			}
			t.Rows = append(t.Rows, Row{Cells: []Cell{text(g.OPDCode), text(g.OPDName), text(strings.Join(lacks, "; "))}})
		}
		if len(r.OPDGaps) == 0 {
			t.Note = l.T("report.all_complete")
		}
		s.Tables = append(s.Tables, t)
	}
	return s
}

func (r *Report) methodsSection() Section {
	l := r.Lang
	s := Section{ID: "metode", Title: l.T("sec.methods"), Missing: r.missing("index_catalog", "indicator_value")}
	if !contains(r.Missing, "index_catalog") {
		t := Table{Sheet: l.T("sheet.methods"), Title: l.T("sec.methods"),
			Cols: []Col{{Header: l.T("col.index")}, {Header: l.T("report.name")}, {Header: l.T("def.scale")}, {Header: l.T("def.formula")},
				{Header: l.T("report.inputs")}, {Header: l.T("col.source")}}}
		for _, m := range r.Methods {
			name := m.NameID
			if l == English {
				name = m.NameEN
			}
			var in []string
			for _, x := range m.Inputs {
				in = append(in, r.inputName(x))
			}
			t.Rows = append(t.Rows, Row{Cells: []Cell{text(strings.ToUpper(m.Code)), text(name), text(m.Scale),
				text(l.Formula(m.Formula)), text(strings.Join(in, "; ")), text(m.Source)}})
		}
		s.Tables = append(s.Tables, t)
	}
	if !contains(r.Missing, "indicator_value") {
		t := Table{Sheet: l.T("sheet.micro"), Title: l.T("sec.microdata") + " " + strconv.Itoa(r.Year), Note: l.T("report.microdata_intro"),
			Cols: []Col{{Header: l.T("form.indicator")}, {Header: l.T("report.cells"), Kind: present.KInt}, {Header: l.T("nav.regions"), Kind: present.KInt},
				{Header: l.T("report.n_min"), Kind: present.KInt}, {Header: l.T("report.unreliable"), Kind: present.KInt}}}
		for _, m := range r.Microdata {
			t.Rows = append(t.Rows, Row{Cells: []Cell{text(r.IndicatorName(m.Indicator)), intCell(m.Cells), intCell(m.Regions),
				nullInt(m.NMin), intCell(m.Unreliable)}})
		}
		u := Table{Sheet: l.T("sheet.unrel"), Title: l.T("report.unreliable_cells") + " " + strconv.Itoa(r.Year), Note: l.T("report.flag_unrel"),
			Cols: []Col{{Header: l.T("nav.regions")}, {Header: l.T("form.indicator")}, {Header: l.T("report.sex")},
				{Header: l.T("col.value"), Kind: present.KNum, Dec: 2}, {Header: l.T("col.n"), Kind: present.KInt}}}
		for _, c := range r.Unreliable {
			u.Rows = append(u.Rows, Row{Cells: []Cell{text(c.Region), text(r.IndicatorName(c.Indicator)),
				text(l.T("sex.short." + c.Sex)), nullNum(c.Value), nullInt(c.N)}})
		}
		if len(r.Unreliable) == 0 {
			u.Note = l.T("report.none_unreliable")
		}
		s.Tables = append(s.Tables, t, u)
	}
	return s
}

// indexCheckTable puts the region's published index values beside setara's, each at its
// published precision, and says whether they agree.
func (r *Report) indexCheckTable() (Table, bool) {
	l := r.Lang
	if len(r.IndexChecks) == 0 {
		return Table{}, false
	}
	t := Table{Sheet: l.T("sheet.index_check"), Title: l.T("report.index_check") + ": " + r.Region.Name,
		Note: l.T("report.index_check_note"),
		Cols: []Col{{Header: l.T("col.index")}, {Header: l.T("col.year")}, {Header: l.T("check.published"), Kind: present.KPlain},
			{Header: "setara", Kind: present.KPlain}, {Header: l.T("report.index_check_verdict")}, {Header: l.T("col.source"), Wide: true}}}
	for _, c := range r.IndexChecks {
		pub, comp := Cell{Text: present.Missing}, Cell{Text: present.Missing}
		if c.Published.Valid {
			pub = Cell{Value: c.Published.Float64, Text: l.Num(c.Published.Float64, c.Precision)}
		}
		if c.Computed.Valid {
			comp = Cell{Value: c.Computed.Float64, Text: l.Num(c.Computed.Float64, c.Precision)}
		}
		verdict := l.T("check.only")
		if c.Agrees.Valid && c.Agrees.Bool {
			verdict = l.T("derivation.agrees")
		} else if c.Agrees.Valid {
			verdict = "≠ " + l.T("check.disagrees")
		}
		t.Rows = append(t.Rows, Row{Cells: []Cell{text(strings.ToUpper(c.Index)), text(strconv.Itoa(c.Year)), pub, comp, text(verdict), text(c.Source)}})
	}
	return t, true
}
