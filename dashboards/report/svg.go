package report

import (
	"html"
	"html/template"
	"math"
	"sort"
	"strconv"

	"github.com/setara-pug/setara/dashboards/present"
)

// titled is a figure with its title shown above it (a report page has no card headings).
type titled struct {
	title string
	fig   present.Figure
}

func (t titled) SVG() template.HTML {
	return template.HTML(`<div class="fig"><p class="ct">`+html.EscapeString(t.title)+`</p>`) + t.fig.SVG() + `</div>`
}

// lineChart draws one index of every comparison region over the years.
func lineChart(l Lang, title string, areas []Area, s IndexSeries, dec int) present.Figure {
	var years []int
	series := make([]present.Series, len(areas))
	for i, a := range areas {
		series[i] = present.Series{Name: a.Name, Class: "s" + strconv.Itoa(i%3), Values: map[int]float64{}}
	}
	for _, p := range s.Points {
		years = append(years, p.Year)
		for i, v := range p.Values {
			if v.Valid && i < len(series) {
				series[i].Values[p.Year] = v.Float64
			}
		}
	}
	c := present.NewLineChart(l, present.LineSpec{ID: "trend-" + s.Code, Title: title, Desc: l.T("chart.line.desc"),
		Years: years, Series: series, Format: func(v float64) string { return l.Num(v, dec) }})
	return titled{title, c}
}

// shareChart draws every OPD's gender-responsive budget share as horizontal bars, largest first.
func shareChart(l Lang, title string, programs []Program) present.Figure {
	ps := append([]Program(nil), programs...)
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].ResponsiveShare.Float64 > ps[j].ResponsiveShare.Float64 })
	rows := make([]present.BarInput, len(ps))
	for i, p := range ps {
		rows[i] = present.BarInput{Label: p.OPDName, Values: []float64{math.NaN()}, Texts: []string{present.Missing}}
		if p.ResponsiveShare.Valid {
			rows[i].Values[0] = p.ResponsiveShare.Float64 * 100
			rows[i].Texts[0] = l.Percent(p.ResponsiveShare.Float64, 1)
		}
	}
	return titled{title, present.NewBarChart(present.BarSpec{ID: "share", Title: title, Desc: l.T("chart.bar.desc"), Rows: rows, Classes: []string{"s0"}})}
}

// groupChart draws the female and male beneficiaries of each target group.
func groupChart(l Lang, title string, groups []TargetGroup) present.Figure {
	rows := make([]present.BarInput, len(groups))
	for i, g := range groups {
		f, m := float64(g.BeneficiariesFemale), float64(g.BeneficiariesMale)
		rows[i] = present.BarInput{Label: l.T("group." + g.Code), Values: []float64{f, m}, Texts: []string{l.Int(f), l.Int(m)}}
	}
	return titled{title, present.NewBarChart(present.BarSpec{ID: "groups", Title: title, Desc: l.T("chart.bar.desc"), Rows: rows,
		Classes: []string{"female", "male"},
		Legend:  []present.LegendItem{{Name: l.T("sex.P"), Class: "female"}, {Name: l.T("sex.L"), Class: "male"}}})}
}
