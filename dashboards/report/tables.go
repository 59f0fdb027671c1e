package report

import (
	"database/sql"
	"fmt"
	"html/template"
	"strconv"
	"strings"
)

// Kind says how a column's numbers are formatted (HTML) and styled (XLSX).
type Kind int

// The column kinds.
const (
	KText   Kind = iota
	KInt         // whole numbers with thousands separators
	KRupiah      // rupiah, no decimals
	KShare       // a fraction 0-1 shown as percent
	KNum         // a number with Col.Dec decimals
	KSigned      // a change with sign and Col.Dec decimals
)

// Col is a table column.
type Col struct {
	Header string
	Unit   string // shown under the header: "Rp", "%", "tahun"
	Kind   Kind
	Dec    int
	Wide   bool // a long text column (names): kept wide in print
}

// Cell is a text or a number (OK false: no value). A number cell may override its column's
// decimals (Dec, when DecSet).
type Cell struct {
	Text   string
	Num    float64
	OK     bool
	Dec    int
	DecSet bool
}

// dec returns the decimals of c in column col.
func (c Cell) dec(col Col) int {
	if c.DecSet {
		return c.Dec
	}
	return col.Dec
}

// Row is a table row; Strong marks a total.
type Row struct {
	Cells  []Cell
	Strong bool
}

// Table is one table of the report; each table is one sheet of the workbook.
type Table struct {
	Sheet string // workbook sheet name (at most 31 characters)
	Title string
	Note  string
	Cols  []Col
	Rows  []Row
	Chart template.HTML // drawn after the table (HTML only)
}

// Section is one chapter of the report.
type Section struct {
	ID      string
	Title   string
	Intro   string
	Missing []string // published tables the section needs and the snapshot lacks
	Tables  []Table
	Charts  []template.HTML
	Notes   []string
}

func text(s string) Cell             { return Cell{Text: s} }
func num(v float64) Cell             { return Cell{Num: v, OK: true} }
func nullNum(v sql.NullFloat64) Cell { return Cell{Num: v.Float64, OK: v.Valid} }
func intCell(v int64) Cell           { return Cell{Num: float64(v), OK: true} }
func nullInt(v sql.NullInt64) Cell   { return Cell{Num: float64(v.Int64), OK: v.Valid} }

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
	return r.IndicatorName(code) + " (" + r.Lang.T("sex_"+sex) + ")"
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
		r.completenessSection(),
		r.methodsSection(),
	}
}

func (r *Report) indexSection() Section {
	l := r.Lang
	s := Section{ID: "indeks", Title: l.T("sec_indices"), Intro: l.T("indices_intro"), Missing: r.missing("gender_index")}
	if len(s.Missing) > 0 {
		return s
	}
	year := strconv.Itoa(r.Year)
	sum := Table{Sheet: l.T("sheet_summary"), Title: l.T("index_summary") + " " + year,
		Note: l.T("change_note") + " " + l.T("ikg_lower"), Cols: []Col{{Header: l.T("index")}}}
	series := Table{Sheet: l.T("sheet_series"), Title: l.T("index_series"),
		Cols: []Col{{Header: l.T("index")}, {Header: l.T("year")}}}
	for _, a := range r.Compare {
		sum.Cols = append(sum.Cols, Col{Header: a.Name, Unit: year, Kind: KNum, Dec: 2},
			Col{Header: l.T("change"), Unit: strconv.Itoa(r.Year-1) + "–" + year, Kind: KSigned, Dec: 2})
		series.Cols = append(series.Cols, Col{Header: a.Name, Kind: KNum, Dec: 2})
	}
	for _, ix := range r.Indices {
		dec := indexDec(ix.Code)
		name := l.T("idx_" + ix.Code)
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
			row.Cells[0].Text += " (" + l.T("approx") + ")"
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
	return s
}

func (r *Report) indicatorSection() Section {
	l := r.Lang
	s := Section{ID: "indikator", Title: l.T("sec_indicators"), Intro: l.T("ratio_note"),
		Missing: r.missing("indicator_value", "indicator_catalog", "gender_gap")}
	if len(s.Missing) > 0 {
		return s
	}
	t := Table{Sheet: l.T("sheet_indicators"), Title: l.T("sec_indicators") + ", " + r.Region.Name + " " + strconv.Itoa(r.Year),
		Cols: []Col{{Header: l.T("topic")}, {Header: l.T("indicator"), Wide: true}, {Header: l.T("unit")},
			{Header: l.T("female"), Kind: KNum, Dec: 2}, {Header: l.T("male"), Kind: KNum, Dec: 2},
			{Header: l.T("total"), Kind: KNum, Dec: 2}, {Header: l.T("ratio"), Kind: KNum, Dec: 3},
			{Header: l.T("difference"), Kind: KSigned, Dec: 2}}}
	marks := false
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
		}
		dec := 2
		switch {
		case x.UnitID == "proporsi" || strings.HasPrefix(x.UnitEN, "proportion"):
			dec = 3
		case strings.Contains(x.UnitEN, "rupiah") || x.UnitEN == "persons":
			dec = 0
		}
		row := Row{Cells: []Cell{text(l.T("topic_" + x.Topic)), text(name), text(unit),
			nullNum(x.Female), nullNum(x.Male), nullNum(x.Total), nullNum(x.Ratio), nullNum(x.Difference)}}
		for _, i := range []int{3, 4, 5, 7} {
			row.Cells[i].Dec, row.Cells[i].DecSet = dec, true
		}
		t.Rows = append(t.Rows, row)
	}
	if marks {
		s.Notes = append(s.Notes, l.T("flag_micro"), l.T("flag_unrel"))
	}
	s.Tables = []Table{t}
	return s
}

func (r *Report) districtSection() Section {
	l := r.Lang
	s := Section{ID: "kecamatan", Title: l.T("sec_districts"), Missing: r.missing("indicator_value", "gender_gap")}
	if len(s.Missing) > 0 {
		return s
	}
	t := Table{Sheet: l.T("sheet_districts"), Title: l.T("sec_districts") + " " + strconv.Itoa(r.Year),
		Cols: []Col{{Header: l.T("kecamatan")}}}
	for _, k := range r.KeyIndicators {
		h := l.T("key_" + k)
		t.Cols = append(t.Cols, Col{Header: h, Unit: l.T("female"), Kind: KNum, Dec: 2},
			Col{Header: h, Unit: l.T("male"), Kind: KNum, Dec: 2}, Col{Header: h, Unit: l.T("ratio"), Kind: KNum, Dec: 3})
	}
	marks := false
	for _, d := range r.Districts {
		name := d.Name
		unreliable := false
		for _, k := range r.KeyIndicators {
			p := d.Values[k]
			if _, ok := d.Values[k]; ok && !p.Reliable {
				unreliable = true
			}
			marks = marks || p.Microdata
		}
		if unreliable {
			name += " †"
		}
		row := Row{Cells: []Cell{text(name)}}
		for _, k := range r.KeyIndicators {
			p := d.Values[k]
			row.Cells = append(row.Cells, nullNum(p.Female), nullNum(p.Male), nullNum(p.Ratio))
		}
		t.Rows = append(t.Rows, row)
	}
	if marks {
		s.Notes = append(s.Notes, l.T("flag_micro"), l.T("flag_unrel"))
	}
	s.Tables = []Table{t}
	return s
}

func (r *Report) programSection() Section {
	l := r.Lang
	s := Section{ID: "program", Title: l.T("sec_programs"), Intro: l.T("programs_intro"),
		Missing: r.missing("program_summary", "target_group_summary")}
	if !contains(r.Missing, "program_summary") {
		year := strconv.Itoa(r.Year)
		budget := Table{Sheet: l.T("sheet_budget"), Title: l.T("opd_budget") + " " + year,
			Cols: []Col{{Header: l.T("code")}, {Header: l.T("opd"), Wide: true},
				{Header: l.T("activities"), Kind: KInt}, {Header: l.T("responsive_act_short"), Kind: KInt},
				{Header: l.T("budget"), Unit: "Rp", Kind: KRupiah}, {Header: l.T("realization"), Unit: "Rp", Kind: KRupiah},
				{Header: l.T("realization_rate"), Unit: "%", Kind: KShare, Dec: 1},
				{Header: l.T("responsive_budget"), Unit: "Rp", Kind: KRupiah},
				{Header: l.T("responsive_share"), Unit: "%", Kind: KShare, Dec: 1}}}
		output := Table{Sheet: l.T("sheet_output"), Title: l.T("opd_output") + " " + year,
			Cols: []Col{{Header: l.T("code")}, {Header: l.T("opd"), Wide: true},
				{Header: l.T("output"), Unit: "%", Kind: KShare, Dec: 1},
				{Header: l.T("benef_f"), Unit: l.T("persons"), Kind: KInt}, {Header: l.T("benef_m"), Unit: l.T("persons"), Kind: KInt},
				{Header: l.T("female_share"), Unit: "%", Kind: KShare, Dec: 1}}}
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
			s.Intro += " " + fmt.Sprintf(l.T("programs_total"), p.OPDs, l.Rupiah(p.Budget.Float64),
				l.Rupiah(p.ResponsiveBudget.Float64), l.Percent(p.ResponsiveShare.Float64, 1), l.Rupiah(p.Realization.Float64),
				l.Percent(p.RealizationRate.Float64, 1))
			add(*p, text(""), text(l.T("total_city")+" ("+strconv.FormatInt(p.OPDs, 10)+" "+l.T("opd_count")+")"), true)
			// The city total has no published output achievement or female share.
			n := len(output.Rows) - 1
			output.Rows[n].Cells[2], output.Rows[n].Cells[5] = Cell{}, Cell{}
		}
		if len(r.Programs) > 0 {
			budget.Chart = shareChart(l, l.T("share_chart")+" "+year, r.Programs)
		}
		s.Tables = append(s.Tables, budget, output)
	}
	if !contains(r.Missing, "target_group_summary") {
		t := Table{Sheet: l.T("sheet_groups"), Title: l.T("sec_groups") + " " + strconv.Itoa(r.Year),
			Cols: []Col{{Header: l.T("target_group")}, {Header: l.T("activities"), Kind: KInt},
				{Header: l.T("budget"), Unit: "Rp", Kind: KRupiah}, {Header: l.T("realization"), Unit: "Rp", Kind: KRupiah},
				{Header: l.T("benef_f"), Unit: l.T("persons"), Kind: KInt}, {Header: l.T("benef_m"), Unit: l.T("persons"), Kind: KInt}}}
		for _, g := range r.TargetGroups {
			t.Rows = append(t.Rows, Row{Cells: []Cell{text(l.T("tg_" + g.Code)), intCell(g.Activities),
				nullNum(g.Budget), nullNum(g.Realization), intCell(g.BeneficiariesFemale), intCell(g.BeneficiariesMale)}})
		}
		if len(r.TargetGroups) > 0 {
			t.Chart = groupChart(l, l.T("benef_chart"), r.TargetGroups)
		}
		s.Tables = append(s.Tables, t)
	}
	return s
}

func (r *Report) rankingSection() Section {
	l := r.Lang
	s := Section{ID: "peringkat", Title: l.T("sec_ranking"), Intro: l.T("ranking_intro"), Missing: r.missing("opd_ranking")}
	if len(s.Missing) > 0 {
		return s
	}
	t := Table{Sheet: l.T("sheet_ranking"), Title: l.T("sec_ranking") + " " + strconv.Itoa(r.Year),
		Cols: []Col{{Header: l.T("rank"), Kind: KInt}, {Header: l.T("code")}, {Header: l.T("opd"), Wide: true},
			{Header: l.T("score"), Kind: KNum, Dec: 1}, {Header: l.T("responsive_share"), Unit: "%", Kind: KShare, Dec: 1},
			{Header: l.T("realization_rate"), Unit: "%", Kind: KShare, Dec: 1}, {Header: l.T("output"), Unit: "%", Kind: KShare, Dec: 1},
			{Header: l.T("female_share"), Unit: "%", Kind: KShare, Dec: 1}}}
	for _, x := range r.Ranking {
		t.Rows = append(t.Rows, Row{Cells: []Cell{intCell(x.Rank), text(x.OPDCode), text(x.OPDName), nullNum(x.Score),
			nullNum(x.ResponsiveShare), nullNum(x.RealizationRate), nullNum(x.OutputAchievement), nullNum(x.FemaleShare)}})
	}
	s.Tables = []Table{t}
	return s
}

func (r *Report) completenessSection() Section {
	l := r.Lang
	s := Section{ID: "kelengkapan", Title: l.T("sec_complete"), Intro: l.T("complete_intro"),
		Missing: r.missing("data_completeness", "program_summary")}
	if !contains(r.Missing, "data_completeness") {
		t := Table{Sheet: l.T("sheet_index_gaps"), Title: l.T("index_gaps") + " " + strconv.Itoa(r.Year),
			Cols: []Col{{Header: l.T("index")}, {Header: l.T("regions")}, {Header: l.T("status")}, {Header: l.T("missing")}}}
		for _, g := range r.IndexGaps {
			where := r.Region.Name
			if !g.Own {
				where = strconv.FormatInt(g.Regions, 10) + " " + l.T("n_kecamatan")
				if !g.Complete {
					where += ": " + g.Names
				}
			}
			status := l.T("complete")
			if !g.Complete {
				status = l.T("incomplete")
			}
			var miss []string
			for _, m := range g.Missing {
				miss = append(miss, r.inputName(m))
			}
			t.Rows = append(t.Rows, Row{Cells: []Cell{text(l.T("idx_" + g.Index)), text(where), text(status), text(strings.Join(miss, "; "))}})
		}
		s.Tables = append(s.Tables, t)
	}
	if !contains(r.Missing, "program_summary") {
		t := Table{Sheet: l.T("sheet_opd_gaps"), Title: l.T("opd_gaps") + " " + strconv.Itoa(r.Year),
			Cols: []Col{{Header: l.T("code")}, {Header: l.T("opd"), Wide: true}, {Header: l.T("opd_lacks")}}}
		for _, g := range r.OPDGaps {
			var lacks []string
			if g.NoBeneficiaries {
				lacks = append(lacks, l.T("no_benef"))
			}
			if g.NoOutput {
				lacks = append(lacks, l.T("no_output"))
			}
			t.Rows = append(t.Rows, Row{Cells: []Cell{text(g.OPDCode), text(g.OPDName), text(strings.Join(lacks, "; "))}})
		}
		if len(r.OPDGaps) == 0 {
			t.Note = l.T("all_complete")
		}
		s.Tables = append(s.Tables, t)
	}
	return s
}

func (r *Report) methodsSection() Section {
	l := r.Lang
	s := Section{ID: "metode", Title: l.T("sec_methods"), Missing: r.missing("index_catalog", "indicator_value")}
	if !contains(r.Missing, "index_catalog") {
		t := Table{Sheet: l.T("sheet_methods"), Title: l.T("sec_methods"),
			Cols: []Col{{Header: l.T("index")}, {Header: l.T("name")}, {Header: l.T("scale")}, {Header: l.T("formula")},
				{Header: l.T("inputs")}, {Header: l.T("source")}}}
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
				text(m.Formula), text(strings.Join(in, "; ")), text(m.Source)}})
		}
		s.Tables = append(s.Tables, t)
	}
	if !contains(r.Missing, "indicator_value") {
		t := Table{Sheet: l.T("sheet_micro"), Title: l.T("sec_microdata") + " " + strconv.Itoa(r.Year), Note: l.T("microdata_intro"),
			Cols: []Col{{Header: l.T("indicator")}, {Header: l.T("cells"), Kind: KInt}, {Header: l.T("regions"), Kind: KInt},
				{Header: l.T("n_min"), Kind: KInt}, {Header: l.T("unreliable"), Kind: KInt}}}
		for _, m := range r.Microdata {
			t.Rows = append(t.Rows, Row{Cells: []Cell{text(r.IndicatorName(m.Indicator)), intCell(m.Cells), intCell(m.Regions),
				nullInt(m.NMin), intCell(m.Unreliable)}})
		}
		u := Table{Sheet: l.T("sheet_unrel"), Title: l.T("unreliable_cells") + " " + strconv.Itoa(r.Year), Note: l.T("flag_unrel"),
			Cols: []Col{{Header: l.T("regions")}, {Header: l.T("indicator")}, {Header: l.T("sex")},
				{Header: l.T("value"), Kind: KNum, Dec: 2}, {Header: l.T("n"), Kind: KInt}}}
		for _, c := range r.Unreliable {
			u.Rows = append(u.Rows, Row{Cells: []Cell{text(c.Region), text(r.IndicatorName(c.Indicator)),
				text(l.T("sex_" + c.Sex)), nullNum(c.Value), nullInt(c.N)}})
		}
		if len(r.Unreliable) == 0 {
			u.Note = l.T("none_unreliable")
		}
		s.Tables = append(s.Tables, t, u)
	}
	return s
}
