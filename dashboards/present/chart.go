package present

import (
	"bytes"
	_ "embed"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// Figure is a chart laid out in Go that renders itself as inline, accessible SVG (a title
// and a description; colours come from the CSS classes s0-s2, female and male).
type Figure interface {
	SVG() template.HTML
}

//go:embed charts.html
var chartTemplates string

//go:embed chart.css
var chartCSS string

// ChartCSS styles the figures on a page that does not carry the web dashboard's stylesheet.
var ChartCSS = template.CSS(chartCSS)

var figures = template.Must(template.New("").Parse(chartTemplates))

func render(name string, data any) template.HTML {
	var b bytes.Buffer
	if err := figures.ExecuteTemplate(&b, name, data); err != nil {
		panic(err) // the templates are fixed at build time and the data is Go-built
	}
	return template.HTML(b.String())
}

// LineChart is an SVG line chart over years; coordinates are in its viewBox.
type LineChart struct {
	ID            string
	Large         bool
	Title, Desc   string
	Width, Height int
	PlotLeft      int
	PlotRight     int
	PlotTop       int
	PlotBottom    int
	XTicks        []Tick
	YTicks        []Tick
	Series        []LineSeries
	// Wide is the same chart laid out for a wide card (a Large chart only): shown instead of
	// this one on a wide screen, so neither is stretched until its text is outsized.
	Wide *LineChart
}

// Tick is an axis label at a position.
type Tick struct {
	Pos   float64
	Label string
}

// LineSeries is one laid-out line.
type LineSeries struct {
	Name   string
	Class  string // css class: s0, s1, s2, female, male
	Path   string // SVG path data; a missing year breaks the line
	Points []Point
}

// Point is a marker with its value as text, for its <title>.
type Point struct {
	X, Y  float64
	Label string
}

// Series is one line to draw: a value per year.
type Series struct {
	Name   string
	Class  string
	Values map[int]float64
}

// LineSpec is what a line chart shows. Format writes a value for a point's title; axis
// labels use the language with as many decimals as the tick step needs. A small chart fits
// a card (about 360 px wide); a Large one stands alone.
type LineSpec struct {
	ID, Title, Desc string
	Years           []int
	Series          []Series
	Format          func(float64) string
	Large           bool
}

// SVG renders the chart.
func (c *LineChart) SVG() template.HTML { return render("linechart", c) }

// NewLineChart lays out the series of s over its years.
func NewLineChart(l Lang, s LineSpec) *LineChart {
	c := &LineChart{ID: s.ID, Title: s.Title, Desc: s.Desc, Width: 360, Height: 200, PlotLeft: 48, PlotRight: 350, PlotTop: 12, PlotBottom: 172}
	if s.Large {
		c = &LineChart{ID: s.ID, Title: s.Title, Desc: s.Desc, Large: true, Width: 420, Height: 220, PlotLeft: 50, PlotRight: 410, PlotTop: 12, PlotBottom: 192}
		c.Wide = &LineChart{ID: s.ID + "-wide", Title: s.Title, Desc: s.Desc, Large: true, Width: 1000, Height: 300, PlotLeft: 56, PlotRight: 990, PlotTop: 12, PlotBottom: 272}
		layoutLineChart(l, s, c.Wide)
	}
	layoutLineChart(l, s, c)
	return c
}

// layoutLineChart places the ticks and series of s in the plot area of c.
func layoutLineChart(l Lang, s LineSpec, c *LineChart) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, ser := range s.Series {
		for _, v := range ser.Values {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if len(s.Years) == 0 || math.IsInf(lo, 0) {
		return
	}
	lo, hi, step := NiceRange(lo, hi)
	years := s.Years
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
			c.XTicks = append(c.XTicks, Tick{Pos: round1(x(i)), Label: strconv.Itoa(yr)})
		}
	}
	decimals := stepDecimals(step)
	for i := 0; lo+float64(i)*step <= hi+step/2; i++ {
		v := lo + float64(i)*step
		c.YTicks = append(c.YTicks, Tick{Pos: round1(y(v)), Label: l.Num(v, decimals)})
	}
	for _, ser := range s.Series {
		c.Series = append(c.Series, layoutLine(ser, years, x, y, s.Format))
	}
}

// stepDecimals is the number of decimals a tick step needs (2.5 and 0.25 need one more).
func stepDecimals(step float64) int {
	d := max(0, int(-math.Floor(math.Log10(step)+1e-9)))
	if p := step * math.Pow(10, float64(d)); p != math.Round(p) {
		d++
	}
	return d
}

func layoutLine(s Series, years []int, x func(int) float64, y func(float64) float64, format func(float64) string) LineSeries {
	ls := LineSeries{Name: s.Name, Class: s.Class}
	var b strings.Builder
	pen := false
	for i, yr := range years {
		v, ok := s.Values[yr]
		if !ok {
			pen = false
			continue
		}
		px, py := round1(x(i)), round1(y(v))
		switch {
		case pen:
			b.WriteString(" L")
		case b.Len() > 0:
			b.WriteString(" M")
		default:
			b.WriteString("M")
		}
		b.WriteString(fmtCoord(px) + " " + fmtCoord(py))
		pen = true
		ls.Points = append(ls.Points, Point{X: px, Y: py, Label: s.Name + " " + strconv.Itoa(yr) + ": " + format(v)})
	}
	ls.Path = b.String()
	return ls
}

// NiceRange widens [lo, hi] to round tick steps, about four of them.
func NiceRange(lo, hi float64) (float64, float64, float64) {
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

// BarChart is a horizontal bar chart: each row has its label on a line above its bars, so
// it reads at phone width. Horizontal positions are percentages of the chart's width and the
// SVG has no viewBox, so its text keeps its size at any width.
type BarChart struct {
	ID          string
	Title, Desc string
	Height      int
	Rows        []BarRow
	Legend      []LegendItem
}

// LegendItem names a css class.
type LegendItem struct{ Name, Class string }

// BarRow is one laid-out row.
type BarRow struct {
	Label  string // shortened to fit a phone; Full is the whole label
	Full   string
	LabelY float64
	Bars   []Bar
}

// Bar is one laid-out bar.
type Bar struct {
	Y, H         float64
	W            float64 // percent of the chart width
	Class, Label string  // Label: the value as text, written after the bar
	LabelX       float64 // percent
	Title        string
}

// BarInput is one row to draw: a label and its values (NaN: no bar) with their texts.
type BarInput struct {
	Label  string
	Values []float64
	Texts  []string
}

// BarSpec is what a bar chart shows; Classes name the css class of each value position.
type BarSpec struct {
	ID, Title, Desc string
	Rows            []BarInput
	Classes         []string
	Legend          []LegendItem
}

const (
	barSpan      = 78.0 // percent of the width the longest bar takes; the rest holds its label
	barHeight    = 16
	barGap       = 4
	rowLabelRoom = 20
	rowGap       = 12
	labelRunes   = 38
)

// SVG renders the chart.
func (c *BarChart) SVG() template.HTML { return render("barchart", c) }

// NewBarChart lays out the rows of s.
func NewBarChart(s BarSpec) *BarChart {
	c := &BarChart{ID: s.ID, Title: s.Title, Desc: s.Desc, Legend: s.Legend}
	maxV := 0.0
	for _, r := range s.Rows {
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
	for _, r := range s.Rows {
		br := BarRow{Label: Shorten(r.Label, labelRunes), Full: r.Label, LabelY: yPos + 14}
		yPos += rowLabelRoom
		for i, v := range r.Values {
			b := Bar{Y: yPos, H: barHeight, Class: s.Classes[i%len(s.Classes)]}
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

// Shorten cuts s to n runes with an ellipsis.
func Shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

func fmtCoord(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
