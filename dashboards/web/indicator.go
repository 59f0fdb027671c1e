package web

import "github.com/setara-pug/setara/dashboards/present"

type indicatorView struct {
	RegionName string
	Name       string
	Unit       string
	Chart      *present.LineChart
	Table      *table
}

// defaultIndicator is shown when none is chosen: labour force participation shows the widest
// gender gap in Medan's published figures.
const defaultIndicator = "labour_force_participation"

func buildIndicator(r *request) error {
	l := r.l
	pg := r.page
	pg.Title, pg.Lead = l.T("indicator.title"), l.T("indicator.lead")
	code := r.p.Indicator
	if code == "" {
		code = defaultIndicator
		if _, ok := r.cat.indicator[code]; !ok && len(r.cat.indicators) > 0 {
			code = r.cat.indicators[0].Code
		}
		r.p.Indicator = code
	}
	if _, ok := r.cat.indicator[code]; !ok {
		return errNotFound
	}
	vals, err := loadIndicatorValues(r.ctx, r.db, r.p.Region, code)
	if err != nil {
		return err
	}
	gaps, err := loadGaps(r.ctx, r.db, r.p.Region, code)
	if err != nil {
		return err
	}
	byYear := map[int]map[string]indicatorValue{}
	yearSet := map[int]bool{}
	for _, v := range vals {
		if byYear[v.Year] == nil {
			byYear[v.Year] = map[string]indicatorValue{}
		}
		byYear[v.Year][v.Sex] = v
		yearSet[v.Year] = true
	}
	gapBy := map[int]gap{}
	for _, g := range gaps {
		if g.Region == r.p.Region {
			gapBy[g.Year] = g
			yearSet[g.Year] = true
		}
	}
	years := sortedYears(yearSet)
	pg.Form = r.regionForm(years, r.p.Year, "index")
	pg.Form.Indicators = r.indicatorOptions()
	view := &indicatorView{RegionName: r.cat.regionName(r.p.Region), Name: r.indicatorName(code), Unit: r.indicatorUnit(code)}
	pg.Defs = append(pg.Defs, definition{Term: view.Name, Text: r.indicatorName(code) + " · " + l.T("col.unit") + ": " + view.Unit},
		definition{Term: l.T("col.ratio"), Text: l.T("def.ratio")}, definition{Term: l.T("col.difference"), Text: l.T("def.difference")})
	t := &table{ID: "indicator", Caption: view.Name + " — " + view.RegionName + " (" + view.Unit + ")", Empty: l.T("indicator.none"),
		Columns: []column{{Label: l.T("col.year"), Num: true}, {Label: l.T("col.female"), Num: true}, {Label: l.T("col.male"), Num: true},
			{Label: l.T("col.total"), Num: true}, {Label: l.T("col.ratio"), Num: true}, {Label: l.T("col.difference"), Num: true}}}
	female := present.Series{Name: l.T("sex.P"), Class: "female", Values: map[int]float64{}}
	male := present.Series{Name: l.T("sex.L"), Class: "male", Values: map[int]float64{}}
	for _, y := range years {
		row := []cell{yearCell(y)}
		for _, sex := range []string{"P", "L", "T"} {
			v, ok := byYear[y][sex]
			if !ok {
				row = append(row, missingCell())
				continue
			}
			c := r.indicatorCell(code, v)
			if c.Value != nil {
				switch sex {
				case "P":
					female.Values[y] = v.Value
				case "L":
					male.Values[y] = v.Value
				}
			}
			row = append(row, c)
		}
		ratio, diff := r.gapCells(code, gapBy[y], byYear[y])
		row = append(row, ratio, diff)
		t.Rows = append(t.Rows, row)
	}
	view.Table = r.addTable(t)
	if len(female.Values)+len(male.Values) > 0 {
		view.Chart = present.NewLineChart(l, present.LineSpec{ID: "bysex", Title: view.Name + " — " + view.RegionName,
			Desc: l.T("chart.line.desc"), Years: years, Series: []present.Series{female, male}, Large: true,
			Format: func(v float64) string { return r.fmtIndicator(code, v) }})
	}
	pg.Indicator = view
	return nil
}
