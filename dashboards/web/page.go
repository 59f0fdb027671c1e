package web

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/setara-pug/setara/dashboards/present"
)

// page is everything the layout template needs; exactly one of the view fields is set.
type page struct {
	L          present.Lang
	P          params
	Path       string
	Title      string
	Lead       string
	Info       snapshotInfo
	SnapshotID string
	Nav        []navItem
	LangHref   string
	HomeHref   string
	Report     reportLinks // the annual PUG report of the page's region and year
	Form       *filterForm
	Defs       []definition
	Notes      []string

	Summary    *summaryView
	Regions    *regionsView
	Indicator  *indicatorView
	Program    *programView
	Evaluation *evaluationView
	Upload     *uploadView
	Derivation *derivationView
	Data       *dataView
	Message    *messageView

	tables  []*table
	filters []present.Filter // the page's parameters, for its downloads
}

type navItem struct {
	Label, Href string
	Current     bool
}

type definition struct {
	Term, Text string
}

type messageView struct {
	Heading, Body string
}

type filterForm struct {
	Action     string
	Regions    []optionGroup
	Years      []option
	Indicators []optionGroup
	Hidden     []option // Value is the parameter value, Label its name
}

type optionGroup struct {
	Label   string
	Options []option
}

type option struct {
	Value, Label string
	Selected     bool
}

// request carries one page build: the snapshot, its catalog, the parameters.
type request struct {
	ctx            context.Context
	db             *sql.DB
	cat            *catalog
	p              params
	l              present.Lang
	page           *page
	full           bool // building for a download: no row limits
	showUnreliable bool
	maxRows        int // building for a download: the most rows it holds
	maps           map[string]*present.Boundaries
	maxUpload      int64 // the largest upload the server takes (the upload page says it)
}

// errNotFound is returned for an unknown region, indicator, index or table.
var errNotFound = errors.New("not found")

var navPages = []struct{ path, key string }{
	{"/", "nav.summary"}, {"/wilayah", "nav.regions"}, {"/indikator", "form.indicator"},
	{"/program", "nav.program"}, {"/evaluasi", "nav.evaluation"}, {"/data", "nav.data"},
	{"/unggah", "nav.upload"},
}

func newPage(l present.Lang, p params, path string) *page {
	pg := &page{L: l, P: p, Path: path}
	for _, n := range navPages {
		pg.Nav = append(pg.Nav, navItem{Label: l.T(n.key), Href: p.link(n.path), Current: n.path == path})
	}
	other := p
	if p.Lang == "en" {
		other.Lang = ""
	} else {
		other.Lang = "en"
	}
	pg.LangHref = other.url(path)
	pg.HomeHref = p.link("/")
	pg.Report = newReportLinks(p)
	return pg
}

// addTable registers a table for download and sets its download links.
func (r *request) addTable(t *table) *table {
	dl := r.p
	dl.Sort = r.p.Sort
	t.CSV = dl.url("/download/" + t.ID + ".csv")
	t.XLSX = dl.url("/download/" + t.ID + ".xlsx")
	r.page.tables = append(r.page.tables, t)
	return t
}

// regionForm is the region and year selector.
func (r *request) regionForm(years []int, selectedYear int, hidden ...string) *filterForm {
	f := &filterForm{Action: r.page.Path}
	levels := []struct{ level, id, en string }{
		{"country", "Negara", "Country"}, {"province", "Provinsi", "Province"},
		{"regency", "Kabupaten/kota", "Regency/city"}, {"district", "Kecamatan", "District"},
		{"village", "Kelurahan/desa", "Village"},
	}
	for _, lv := range levels {
		g := optionGroup{Label: r.l.Pick(lv.id, lv.en)}
		for _, reg := range r.cat.regions {
			if reg.Level != lv.level {
				continue
			}
			// Keep the list to what a Medan analyst compares: Indonesia, the provinces,
			// Sumatera Utara's regencies, Medan's districts, and the selected region.
			if reg.Level == "village" && reg.Code != r.p.Region {
				continue
			}
			g.Options = append(g.Options, option{Value: reg.Code, Label: reg.Name, Selected: reg.Code == r.p.Region})
		}
		if len(g.Options) > 0 {
			f.Regions = append(f.Regions, g)
		}
	}
	for i := len(years) - 1; i >= 0; i-- {
		y := years[i]
		f.Years = append(f.Years, option{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == selectedYear})
	}
	for _, name := range hidden {
		v := r.p.values().Get(name)
		if v != "" {
			f.Hidden = append(f.Hidden, option{Label: name, Value: v})
		}
	}
	if r.p.Lang != "" {
		f.Hidden = append(f.Hidden, option{Label: "lang", Value: r.p.Lang})
	}
	return f
}

// Formatting of catalog values.

func indexDecimals(code string) int {
	switch code {
	case "ipg", "idg":
		return 2
	}
	return 3
}

func indicatorDecimals(unit string) int {
	switch {
	case unit == "proportion":
		return 3
	case unit == "persons", unit == "thousand_rupiah_per_year", unit == "ppp_dollar", strings.HasPrefix(unit, "per_100000"):
		return 0
	case strings.HasPrefix(unit, "per_1000"):
		return 1
	}
	return 2
}

func (r *request) indexName(code string) string {
	if d, ok := r.cat.index[code]; ok {
		return r.l.Pick(d.NameID, d.NameEN)
	}
	return strings.ToUpper(code)
}

// indexTitle is the definition of an index: name, formula, inputs, scale, source.
func (r *request) indexTitle(code string) string {
	d, ok := r.cat.index[code]
	if !ok {
		return strings.ToUpper(code)
	}
	parts := []string{strings.ToUpper(code) + " — " + r.l.Pick(d.NameID, d.NameEN)}
	if d.Formula != "" {
		parts = append(parts, r.l.T("def.formula")+": "+r.l.Formula(d.Formula))
	}
	if d.Inputs != "" {
		parts = append(parts, r.l.T("def.inputs")+": "+r.inputNames(d.Inputs))
	}
	if d.Scale != "" {
		parts = append(parts, r.l.T("def.scale")+": "+d.Scale)
	}
	if d.Source != "" {
		parts = append(parts, r.l.T("col.source")+": "+d.Source)
	}
	return strings.Join(parts, " · ")
}

// inputNames turns a list of indicator codes ("a, b" or "a;b") into catalog names.
func (r *request) inputNames(list string) string {
	f := strings.FieldsFunc(list, func(c rune) bool { return c == ',' || c == ';' || c == ' ' || c == '\'' || c == '"' })
	for i, code := range f {
		f[i] = r.indicatorShort(code)
	}
	return strings.Join(f, ", ")
}

func (r *request) indicatorName(code string) string {
	if d, ok := r.cat.indicator[code]; ok {
		return r.l.Pick(d.NameID, d.NameEN)
	}
	return code
}

// indicatorShort is the name of an indicator without its parenthesised detail when long.
func (r *request) indicatorShort(code string) string {
	return r.indicatorName(code)
}

func (r *request) indicatorUnit(code string) string {
	if d, ok := r.cat.indicator[code]; ok {
		return r.l.Pick(d.UnitID, d.UnitEN)
	}
	return ""
}

func (r *request) fmtIndex(code string, v float64) string { return r.l.Num(v, indexDecimals(code)) }

func (r *request) fmtIndicator(code string, v float64) string {
	return r.l.Num(v, indicatorDecimals(r.cat.indicator[code].Unit))
}

// indicatorTitle is the definition of one indicator value: name, unit, source, batch, n.
func (r *request) indicatorTitle(code string, v indicatorValue) string {
	parts := []string{r.indicatorName(code), r.l.T("col.unit") + ": " + r.indicatorUnit(code)}
	if v.Source != "" {
		parts = append(parts, r.l.T("col.source")+": "+v.Source)
	}
	if v.Batch.Valid {
		parts = append(parts, r.l.T("col.batch")+": "+strconv.FormatInt(v.Batch.Int64, 10))
	}
	if v.Origin != "" {
		parts = append(parts, r.l.T("def.origin")+": "+r.l.T("origin."+v.Origin))
	}
	if v.N.Valid {
		parts = append(parts, r.l.T("def.n")+": "+r.l.Int(float64(v.N.Int64)))
	}
	if v.Missing.Valid && v.Missing.Int64 > 0 {
		parts = append(parts, r.l.T("def.missing")+": "+r.l.Int(float64(v.Missing.Int64)))
	}
	return strings.Join(parts, " · ")
}

// indicatorCell shows a value, marked or suppressed when it is an unreliable estimate.
func (r *request) indicatorCell(code string, v indicatorValue) cell {
	title := r.indicatorTitle(code, v)
	if !v.Reliable && !r.showUnreliable {
		return suppressedCell(r.l, title)
	}
	c := numCell(r.fmtIndicator(code, v.Value), v.Value, title)
	if !v.Reliable {
		c.Mark = "*"
		c.Title = r.l.T("unreliable.title") + ". " + title
		c.Class += " unreliable"
	} else if v.Band == "caution" { // BPS publishes it with a mark: RSE 25-50 %
		c.Mark = "‡"
		rse := ""
		if v.RSE.Valid {
			rse = r.l.Percent(v.RSE.Float64, 0)
		}
		c.Title = fmt.Sprintf(r.l.T("caution.title"), rse) + ". " + title
		c.Class += " caution"
	}
	return c
}

func (r *request) indicatorOptions() []optionGroup {
	var groups []optionGroup
	for _, d := range r.cat.indicators {
		label := r.l.Pick(d.NameID, d.NameEN)
		if len(groups) == 0 || groups[len(groups)-1].Label != d.Topic {
			groups = append(groups, optionGroup{Label: d.Topic})
		}
		g := &groups[len(groups)-1]
		g.Options = append(g.Options, option{Value: d.Code, Label: label, Selected: d.Code == r.p.Indicator})
	}
	for i := range groups {
		groups[i].Label = r.l.T("topic." + groups[i].Label)
	}
	return groups
}

func yesNo(l present.Lang, b bool) string {
	if b {
		return l.T("yes")
	}
	return l.T("no")
}

type reportLinks struct{ HTML, PDF, XLSX string }

func newReportLinks(p params) reportLinks {
	v := params{Region: p.Region, Year: p.Year, Lang: p.Lang}.values()
	link := func(format string) string {
		if format != "" {
			v.Set("format", format)
		}
		return "/laporan?" + v.Encode()
	}
	return reportLinks{HTML: link(""), PDF: link("pdf"), XLSX: link("xlsx")}
}
