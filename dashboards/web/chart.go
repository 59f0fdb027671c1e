package web

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// lineChart is an SVG line chart over years, laid out in Go and drawn by the "linechart"
// template. Coordinates are in the chart's viewBox.
type lineChart struct {
	ID            string
	Large         bool
	Title, Desc   string
	Width, Height int
	PlotLeft      int
	PlotRight     int
	PlotTop       int
	PlotBottom    int
	XTicks        []tick
	YTicks        []tick
	Series        []lineSeries
}

type tick struct {
	Pos   float64
	Label string
}

type lineSeries struct {
	Name   string
	Class  string // css class: s0, s1, s2, female, male
	Path   string // SVG path data; a missing year breaks the line
	Points []point
}

type point struct {
	X, Y  float64
	Label string // the value as text, for the point's <title>
}

// seriesInput is one line: a value per year.
type seriesInput struct {
	Name   string
	Class  string
	Values map[int]float64
}

// newLineChart lays out series over years; format writes a value for a point's title, and
// axis labels use the locale with as many decimals as the tick step needs. A small chart fits
// a card (about 360 px wide, so its text stays near its nominal size on phones and desktops);
// a large one stands alone.
func newLineChart(id, title, desc string, years []int, series []seriesInput, l *locale, format func(float64) string, large bool) *lineChart {
	c := &lineChart{ID: id, Title: title, Desc: desc, Width: 360, Height: 200, PlotLeft: 48, PlotRight: 350, PlotTop: 12, PlotBottom: 172}
	if large {
		c = &lineChart{ID: id, Title: title, Desc: desc, Large: true, Width: 420, Height: 220, PlotLeft: 50, PlotRight: 410, PlotTop: 12, PlotBottom: 192}
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range series {
		for _, v := range s.Values {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if len(years) == 0 || math.IsInf(lo, 0) {
		return c
	}
	lo, hi, step := niceRange(lo, hi)
	x := func(i int) float64 {
		if len(years) == 1 {
			return float64(c.PlotLeft+c.PlotRight) / 2
		}
		return float64(c.PlotLeft) + 12 + float64(i)*float64(c.PlotRight-c.PlotLeft-24)/float64(len(years)-1)
	}
	y := func(v float64) float64 {
		return float64(c.PlotBottom) - (v-lo)/(hi-lo)*float64(c.PlotBottom-c.PlotTop)
	}
	every := 1 + (len(years)-1)/8
	for i, yr := range years {
		if i%every == 0 || i == len(years)-1 {
			c.XTicks = append(c.XTicks, tick{Pos: round1(x(i)), Label: strconv.Itoa(yr)})
		}
	}
	decimals := max(0, int(-math.Floor(math.Log10(step)+1e-9)))
	if step*math.Pow(10, float64(decimals)) != math.Round(step*math.Pow(10, float64(decimals))) {
		decimals++ // a step of 2.5 or 0.25 needs one more
	}
	for i := 0; lo+float64(i)*step <= hi+step/2; i++ {
		v := lo + float64(i)*step
		c.YTicks = append(c.YTicks, tick{Pos: round1(y(v)), Label: l.Num(v, decimals)})
	}
	for _, s := range series {
		ls := lineSeries{Name: s.Name, Class: s.Class}
		var b strings.Builder
		pen := false
		for i, yr := range years {
			v, ok := s.Values[yr]
			if !ok {
				pen = false
				continue
			}
			px, py := round1(x(i)), round1(y(v))
			if pen {
				b.WriteString(" L")
			} else {
				if b.Len() > 0 {
					b.WriteString(" ")
				}
				b.WriteString("M")
			}
			b.WriteString(fmtCoord(px) + " " + fmtCoord(py))
			pen = true
			ls.Points = append(ls.Points, point{X: px, Y: py, Label: s.Name + " " + strconv.Itoa(yr) + ": " + format(v)})
		}
		ls.Path = b.String()
		c.Series = append(c.Series, ls)
	}
	return c
}

// niceRange widens [lo, hi] to round tick steps, about four of them.
func niceRange(lo, hi float64) (float64, float64, float64) {
	if hi == lo {
		pad := math.Abs(lo) * 0.05
		if pad == 0 {
			pad = 1
		}
		lo, hi = lo-pad, hi+pad
	}
	raw := (hi - lo) / 4
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	return math.Floor(lo/step) * step, math.Ceil(hi/step) * step, step
}

// barChart is a horizontal bar chart: each row has its label on a line above its bars, so
// it reads at phone width. Horizontal positions are percentages of the chart's width and the
// SVG has no viewBox, so its text keeps its size at any width.
type barChart struct {
	ID          string
	Title, Desc string
	Height      int
	Rows        []barRow
	Legend      []legendItem
}

type legendItem struct{ Name, Class string }

type barRow struct {
	Label  string // shortened to fit a phone; Full is the whole label
	Full   string
	LabelY float64
	Bars   []bar
}

type bar struct {
	Y, H         float64
	W            float64 // percent of the chart width
	Class, Label string  // Label: the value as text, written after the bar
	LabelX       float64 // percent
	Title        string
}

// barInput is one row: a label and its values (NaN: no bar).
type barInput struct {
	Label  string
	Values []float64
	Texts  []string
}

const (
	barSpan      = 78.0 // percent of the width the longest bar takes; the rest holds its label
	barHeight    = 16
	barGap       = 4
	rowLabelRoom = 20
	rowGap       = 12
	labelRunes   = 38
)

// newBarChart lays out rows; classes name the css class of each value position.
func newBarChart(id, title, desc string, rows []barInput, classes []string, legend []legendItem) *barChart {
	c := &barChart{ID: id, Title: title, Desc: desc, Legend: legend}
	maxV := 0.0
	for _, r := range rows {
		for _, v := range r.Values {
			if !math.IsNaN(v) {
				maxV = math.Max(maxV, v)
			}
		}
	}
	if maxV <= 0 {
		maxV = 1
	}
	yPos := 2.0
	for _, r := range rows {
		br := barRow{Label: shorten(r.Label, labelRunes), Full: r.Label, LabelY: yPos + 14}
		yPos += rowLabelRoom
		for i, v := range r.Values {
			b := bar{Y: yPos, H: barHeight, Class: classes[i%len(classes)]}
			if i < len(r.Texts) {
				b.Label = r.Texts[i]
				b.Title = r.Label + ": " + r.Texts[i]
			}
			if !math.IsNaN(v) && v > 0 {
				b.W = round1(math.Max(0.5, v/maxV*barSpan))
			}
			b.LabelX = b.W + 1
			br.Bars = append(br.Bars, b)
			yPos += barHeight + barGap
		}
		yPos += rowGap
		c.Rows = append(c.Rows, br)
	}
	c.Height = int(math.Ceil(yPos))
	return c
}

// shorten cuts s to n runes with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

func fmtCoord(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// sortedYears returns the keys of a year set in order.
func sortedYears(set map[int]bool) []int {
	out := make([]int, 0, len(set))
	for y := range set {
		out = append(out, y)
	}
	sort.Ints(out)
	return out
}
