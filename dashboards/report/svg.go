package report

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"sort"
	"strings"
)

// Colours of the charts: the region first, then its ancestors; female and male bars.
var (
	seriesColors = []string{"#7b1f5c", "#2f6f9f", "#8a8a8a", "#c47f00"}
	femaleColor  = "#b03a7a"
	maleColor    = "#3a6fb0"
)

// lineChart draws one index of every comparison region over the years as inline SVG.
func lineChart(l Lang, title string, areas []Area, s IndexSeries, dec int) template.HTML {
	const w, h, left, right, top, bottom = 320.0, 190.0, 44.0, 10.0, 26.0, 44.0
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range s.Points {
		for _, v := range p.Values {
			if v.Valid {
				lo, hi = math.Min(lo, v.Float64), math.Max(hi, v.Float64)
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`,
		w, h, w, h, html.EscapeString(title))
	fmt.Fprintf(&b, `<text x="%.0f" y="14" class="ct">%s</text>`, left, html.EscapeString(title))
	if math.IsInf(lo, 0) || len(s.Points) == 0 {
		b.WriteString(`</svg>`)
		return template.HTML(b.String())
	}
	pad := (hi - lo) * 0.15
	if pad == 0 {
		pad = math.Max(math.Abs(hi)*0.01, 0.01)
	}
	lo, hi = lo-pad, hi+pad
	first, last := s.Points[0].Year, s.Points[len(s.Points)-1].Year
	x := func(year int) float64 {
		if last == first {
			return left + (w-left-right)/2
		}
		return left + float64(year-first)/float64(last-first)*(w-left-right)
	}
	y := func(v float64) float64 { return top + (hi-v)/(hi-lo)*(h-top-bottom) }
	for i := 0; i <= 4; i++ {
		v := lo + (hi-lo)*float64(i)/4
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" class="grid"/>`, left, w-right, y(v), y(v))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="ax" text-anchor="end">%s</text>`, left-4, y(v)+3, l.Num(v, dec))
	}
	for _, p := range s.Points {
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="ax" text-anchor="middle">%d</text>`, x(p.Year), h-bottom+13, p.Year)
	}
	for i := len(areas) - 1; i >= 0; i-- {
		color := seriesColors[i%len(seriesColors)]
		var pts []string
		for _, p := range s.Points {
			if p.Values[i].Valid {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(p.Year), y(p.Values[i].Float64)))
			}
		}
		if len(pts) == 0 {
			continue
		}
		width := 1.6
		if i == 0 {
			width = 2.6
		}
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="%.1f"/>`, strings.Join(pts, " "), color, width)
		for _, pt := range pts {
			xy := strings.Split(pt, ",")
			fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="2.2" fill="%s"/>`, xy[0], xy[1], color)
		}
	}
	lx := left
	for i, a := range areas {
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="10" height="3" fill="%s"/>`, lx, h-14, seriesColors[i%len(seriesColors)])
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="lg">%s</text>`, lx+13, h-10, html.EscapeString(a.Name))
		lx += 20 + 5.2*float64(len([]rune(a.Name)))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// shareChart draws every OPD's gender-responsive budget share as horizontal bars, largest first.
func shareChart(l Lang, title string, programs []Program) template.HTML {
	ps := append([]Program(nil), programs...)
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].ResponsiveShare.Float64 > ps[j].ResponsiveShare.Float64 })
	const w, label, bar, right, top = 720.0, 300.0, 11.0, 50.0, 24.0
	h := top + float64(len(ps))*(bar+3) + 8
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`,
		w, h, w, h, html.EscapeString(title))
	fmt.Fprintf(&b, `<text x="0" y="14" class="ct">%s</text>`, html.EscapeString(title))
	span := w - label - right
	for _, f := range []float64{0, 0.25, 0.5, 0.75, 1} {
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" class="grid"/>`, label+f*span, label+f*span, top-4, h-6)
	}
	for i, p := range ps {
		yy := top + float64(i)*(bar+3)
		name := p.OPDName
		if r := []rune(name); len(r) > 52 {
			name = string(r[:50]) + "…"
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="lb" text-anchor="end">%s</text>`, label-6, yy+bar-2, html.EscapeString(name))
		if p.ResponsiveShare.Valid {
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`, label, yy, math.Max(p.ResponsiveShare.Float64, 0)*span, bar, seriesColors[0])
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="lb">%s</text>`, label+math.Max(p.ResponsiveShare.Float64, 0)*span+4, yy+bar-2, l.Percent(p.ResponsiveShare.Float64, 1))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// groupChart draws the female and male beneficiaries of each target group.
func groupChart(l Lang, title string, groups []TargetGroup) template.HTML {
	const w, label, bar, right, top = 720.0, 170.0, 10.0, 90.0, 38.0
	h := top + float64(len(groups))*(2*bar+8) + 6
	max := 0.0
	for _, g := range groups {
		max = math.Max(max, math.Max(float64(g.BeneficiariesFemale), float64(g.BeneficiariesMale)))
	}
	if max == 0 {
		max = 1
	}
	span := w - label - right
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`,
		w, h, w, h, html.EscapeString(title))
	fmt.Fprintf(&b, `<text x="0" y="14" class="ct">%s</text>`, html.EscapeString(title))
	fmt.Fprintf(&b, `<rect x="%.1f" y="22" width="10" height="8" fill="%s"/><text x="%.1f" y="30" class="lg">%s</text>`, label, femaleColor, label+14, l.T("female"))
	fmt.Fprintf(&b, `<rect x="%.1f" y="22" width="10" height="8" fill="%s"/><text x="%.1f" y="30" class="lg">%s</text>`, label+110, maleColor, label+124, l.T("male"))
	for i, g := range groups {
		yy := top + float64(i)*(2*bar+8)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="lb" text-anchor="end">%s</text>`, label-6, yy+bar+3, html.EscapeString(l.T("tg_"+g.Code)))
		for j, v := range []int64{g.BeneficiariesFemale, g.BeneficiariesMale} {
			color := femaleColor
			if j == 1 {
				color = maleColor
			}
			by := yy + float64(j)*bar
			bw := float64(v) / max * span
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`, label, by, bw, bar-1, color)
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="lb">%s</text>`, label+bw+4, by+bar-2, l.Num(float64(v), 0))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
