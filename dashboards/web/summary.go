package web

import (
	"database/sql"
	"net/url"
	"strconv"
	"strings"

	"github.com/setara-pug/setara/dashboards/present"
)

type summaryView struct {
	RegionName string
	Year       int
	Cards      []indexCard
	Compare    []compareCard
	Table      *table
}

type indexCard struct {
	Code, Name, Title string
	Value             string
	Mark              string
	Published         string // "BPS: 0,442 · setara: 0,442" where a published value is loaded
	Disagrees         bool   // the two differ at the published precision
	Href              string // the derivation page of the value
	Note              string
	Change            string
	ChangeClass       string // "better", "worse" or "same"
	ChangeArrow       string
	Since             string
	Chart             *present.LineChart
}

type compareCard struct {
	RegionName, Level, Href string
	Current                 bool
	Items                   []compareItem
}

type compareItem struct {
	Code, Name, Value, Title, Mark string
}

// lowerIsBetter are the inequality indices: a fall is an improvement.
var lowerIsBetter = map[string]bool{"ikg": true, "gii": true}

func buildSummary(r *request) error {
	l := r.l
	pg := r.page
	pg.Title, pg.Lead = l.T("summary.title"), l.T("summary.lead")
	chain := r.cat.ancestors(r.p.Region)
	byRegion := map[string]map[string]map[int]indexValue{} // region -> index -> year
	yearSet := map[int]bool{}
	own := map[string]bool{}
	for i, g := range chain {
		vals, err := loadIndexValues(r.ctx, r.db, g.Code)
		if err != nil {
			return err
		}
		m := map[string]map[int]indexValue{}
		for _, v := range vals {
			if m[v.Code] == nil {
				m[v.Code] = map[int]indexValue{}
			}
			m[v.Code][v.Year] = v
			yearSet[v.Year] = true
			if i == 0 {
				own[v.Code] = true
			}
		}
		byRegion[g.Code] = m
	}
	years := sortedYears(yearSet)
	year := r.p.Year
	if year == 0 && len(years) > 0 {
		year = latestYear(byRegion[r.p.Region], years)
	}
	pg.Form = r.regionForm(years, year)
	view := &summaryView{RegionName: r.cat.regionName(r.p.Region), Year: year}
	var shown []string
	for _, d := range r.cat.indices {
		if own[d.Code] && d.Code != "hdi_f" && d.Code != "hdi_m" {
			shown = append(shown, d.Code)
		}
	}
	checks, err := r.indexChecks(r.p.Region)
	if err != nil {
		return err
	}
	for code, ys := range checks { // a published value without components still gets its card
		if _, ok := ys[year]; ok && !own[code] && code != "hdi_f" && code != "hdi_m" {
			shown = append(shown, code)
			own[code] = true
		}
	}
	for _, code := range shown {
		c := r.indexCard(code, year, chain, byRegion)
		r.checkCard(&c, code, year, checks)
		view.Cards = append(view.Cards, c)
		pg.Defs = append(pg.Defs, definition{Term: indexLabel(code), Text: r.indexTitle(code)})
	}
	for _, g := range chain {
		cc := compareCard{RegionName: g.Name, Level: r.levelName(g.Level), Current: g.Code == r.p.Region}
		hp := r.p
		hp.Region = g.Code
		cc.Href = hp.link("/")
		for _, code := range shown {
			it := compareItem{Code: indexLabel(code), Name: r.indexName(code), Value: present.Missing, Title: r.indexTitle(code)}
			if v, ok := byRegion[g.Code][code][year]; ok {
				it.Value = r.fmtIndex(code, v.Value)
				it.Mark = approxMark(v)
			}
			cc.Items = append(cc.Items, it)
		}
		view.Compare = append(view.Compare, cc)
	}
	t := &table{ID: "indices", Caption: l.T("summary.table"), Empty: l.T("summary.none"), Columns: []column{
		{Label: l.T("col.region")}, {Label: l.T("col.year"), Num: true}, {Label: l.T("col.index")},
		{Label: l.T("col.value"), Num: true}, {Label: l.T("col.complete")}, {Label: l.T("col.note")},
	}}
	for _, g := range chain {
		for _, code := range shown {
			for _, y := range years {
				v, ok := byRegion[g.Code][code][y]
				if !ok {
					continue
				}
				c := numCell(r.fmtIndex(code, v.Value), v.Value, r.indexTitle(code))
				c.Mark = approxMark(v)
				c.Href = derivationHref(l, code, g.Code, y)
				t.Rows = append(t.Rows, []cell{textCell(g.Name), yearCell(y), textCell(indexLabel(code)), c,
					textCell(yesNo(l, v.Complete)), textCell(v.note(l))})
			}
		}
	}
	view.Table = r.addTable(t)
	pg.Summary = view
	return nil
}

func (r *request) indexCard(code string, year int, chain []region, byRegion map[string]map[string]map[int]indexValue) indexCard {
	l := r.l
	vals := byRegion[r.p.Region][code]
	c := indexCard{Code: indexLabel(code), Name: r.indexName(code), Title: r.indexTitle(code), Value: present.Missing}
	if v, ok := vals[year]; ok {
		c.Value = r.fmtIndex(code, v.Value)
		c.Mark = approxMark(v)
		c.Note = v.note(l)
		if !v.Complete {
			c.Note = joinNote(l.T("incomplete.note"), v.note(l))
		}
		prev, found := 0, false
		for y := range vals {
			if y < year && (!found || y > prev) {
				prev, found = y, true
			}
		}
		if found {
			d := v.Value - vals[prev].Value
			c.Change = l.Signed(d, indexDecimals(code))
			c.Since = l.T("summary.change") + " " + strconv.Itoa(prev)
			rounded := r.fmtIndex(code, d)
			switch {
			case rounded == r.fmtIndex(code, 0):
				c.ChangeClass, c.ChangeArrow = "same", "="
			case (d > 0) != lowerIsBetter[code]:
				c.ChangeClass = "better"
			default:
				c.ChangeClass = "worse"
			}
			if c.ChangeArrow == "" {
				c.ChangeArrow = "▲"
				if d < 0 {
					c.ChangeArrow = "▼"
				}
			}
		} else {
			c.Since = l.T("summary.nochange")
		}
	}
	yearSet := map[int]bool{}
	var series []present.Series
	for i, g := range chain {
		s := present.Series{Name: g.Name, Class: "s" + strconv.Itoa(i%3), Values: map[int]float64{}}
		for y, v := range byRegion[g.Code][code] {
			s.Values[y] = v.Value
			yearSet[y] = true
		}
		if len(s.Values) > 0 {
			series = append(series, s)
		}
	}
	c.Chart = present.NewLineChart(l, present.LineSpec{ID: "trend-" + code, Title: l.T("summary.trend") + " " + indexLabel(code) + " — " + c.Name,
		Desc: l.T("chart.line.desc"), Years: sortedYears(yearSet), Series: series,
		Format: func(v float64) string { return r.fmtIndex(code, v) }})
	return c
}

func latestYear(m map[string]map[int]indexValue, fallback []int) int {
	best := 0
	for _, ys := range m {
		for y := range ys {
			if y > best {
				best = y
			}
		}
	}
	if best == 0 && len(fallback) > 0 {
		return fallback[len(fallback)-1]
	}
	return best
}

func indexLabel(code string) string {
	switch code {
	case "hdi_f":
		return "HDI P"
	case "hdi_m":
		return "HDI L"
	}
	out := []byte(code)
	for i, b := range out {
		if b >= 'a' && b <= 'z' {
			out[i] = b - 'a' + 'A'
		}
	}
	return string(out)
}

func approxMark(v indexValue) string {
	if v.Approximate {
		return "≈"
	}
	return ""
}

func joinNote(a, b string) string {
	if b == "" {
		return a
	}
	return a + ". " + b
}

func (r *request) levelName(level string) string {
	return r.l.T("level." + level)
}

// indexCheck is a published index value beside the computed one (index_check).
type indexCheck struct {
	computed, published sqlFloat
	agrees              sql.NullBool
	source              string
	precision           int
}

// indexChecks are the region's published index values by index and year (none in a snapshot
// without index_check).
func (r *request) indexChecks(region string) (map[string]map[int]indexCheck, error) {
	out := map[string]map[int]indexCheck{}
	var has int
	if err := scanAll(r.ctx, r.db, "has_table", func(q rowScanner) error { return q.Scan(&has) }, "index_check"); err != nil || has == 0 {
		return out, err
	}
	err := scanAll(r.ctx, r.db, "index_checks", func(q rowScanner) error {
		var year int
		var code string
		var c indexCheck
		if err := q.Scan(&year, &code, &c.computed, &c.published, &c.agrees, &c.source, &c.precision); err != nil {
			return err
		}
		if out[code] == nil {
			out[code] = map[int]indexCheck{}
		}
		out[code][year] = c
		return nil
	}, region)
	return out, err
}

// checkCard adds the published value to an index card: "BPS: 0,442 · setara: 0,442", marked
// where the two differ at the published precision; without a computed value the card shows
// the published one, labelled as such. The card links to the value's derivation.
func (r *request) checkCard(c *indexCard, code string, year int, checks map[string]map[int]indexCheck) {
	l := r.l
	c.Href = derivationHref(r.l, code, r.p.Region, year)
	chk, ok := checks[code][year]
	if !ok || !chk.published.Valid {
		return
	}
	who := l.T("check.published")
	if strings.Contains(chk.source, "BPS") {
		who = "BPS"
	}
	pub := l.Num(chk.published.Float64, chk.precision)
	if !chk.computed.Valid {
		c.Value = pub
		c.Note = joinNote(l.T("check.only"), chk.source)
		c.Published = who + ": " + pub
		return
	}
	c.Published = who + ": " + pub + " · setara: " + l.Num(chk.computed.Float64, chk.precision)
	if chk.agrees.Valid && !chk.agrees.Bool {
		c.Disagrees = true
		c.Published += " ≠"
	}
}

// derivationHref is the link of an index value's derivation page.
func derivationHref(l present.Lang, code, region string, year int) string {
	href := "/asal?index=" + url.QueryEscape(code) + "&region=" + url.QueryEscape(region) + "&year=" + itoa(year)
	if l == present.EN {
		href += "&lang=en"
	}
	return href
}
