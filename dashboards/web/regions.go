package web

import (
	"math"
	"sort"
	"strings"

	"github.com/setara-pug/setara/dashboards/present"
)

type regionsView struct {
	ParentName  string
	MeasureName string
	Year        int
	Indices     []option // links: Value is the href
	Indicators  []option
	Chart       *present.BarChart
	Map         *present.Choropleth // nil when there are no boundaries for the parent
	Table       *table
}

// regionRow is one compared region with its sortable values.
type regionRow struct {
	code, name string
	cells      []cell
	keys       map[string]float64 // sort key -> value; NaN when not shown
}

func buildRegions(r *request) error {
	l := r.l
	pg := r.page
	pg.Title, pg.Lead = l.T("regions.title"), l.T("regions.lead")
	parent := r.p.Region
	n, err := loadCount(r.ctx, r.db, "child_count", parent, parent)
	if err != nil {
		return err
	}
	if n == 0 {
		if p := r.cat.regionBy[parent].Parent; p != "" {
			parent = p
		}
	}
	switch {
	case r.p.Index != "":
		if _, ok := r.cat.index[r.p.Index]; !ok {
			return errNotFound
		}
	case r.p.Indicator != "":
		if _, ok := r.cat.indicator[r.p.Indicator]; !ok {
			return errNotFound
		}
	default:
		r.p.Index = "ipg"
		if _, ok := r.cat.index["ipg"]; !ok && len(r.cat.indices) > 0 {
			r.p.Index = r.cat.indices[0].Code
		}
	}
	years, err := loadYears(r.ctx, r.db, "child_years", parent, parent)
	if err != nil {
		return err
	}
	year := r.p.Year
	if year == 0 && len(years) > 0 {
		year = years[len(years)-1]
	}
	pg.Form = r.regionForm(years, year, "index", "indicator", "sort")
	view := &regionsView{ParentName: r.cat.regionName(parent), Year: year}
	for _, d := range r.cat.indices {
		q := r.p
		q.Index, q.Indicator, q.Sort = d.Code, "", ""
		view.Indices = append(view.Indices, option{Value: q.url("/wilayah"), Label: indexLabel(d.Code), Selected: r.p.Index == d.Code})
	}
	for _, d := range r.cat.indicators {
		q := r.p
		q.Index, q.Indicator, q.Sort = "", d.Code, ""
		view.Indicators = append(view.Indicators, option{Value: q.url("/wilayah"), Label: l.Pick(d.NameID, d.NameEN), Selected: r.p.Index == "" && r.p.Indicator == d.Code})
	}
	var rows []regionRow
	var cols []column
	var sortKeys []string
	var chart func([]regionRow) *present.BarChart
	var spec present.MapSpec // the mapped value: the index, or the indicator's female value
	if r.p.Index != "" {
		code := r.p.Index
		view.MeasureName = indexLabel(code) + " — " + r.indexName(code)
		pg.Defs = append(pg.Defs, definition{Term: indexLabel(code), Text: r.indexTitle(code)})
		rows, err = r.indexRows(parent, code, year)
		cols = []column{{Label: l.T("col.region")}, {Label: indexLabel(code), Num: true}, {Label: l.T("col.complete")}}
		sortKeys = []string{"name", "value", ""}
		spec = present.MapSpec{Unit: indexLabel(code) + " (" + r.cat.index[code].Scale + ")", Format: func(v float64) string { return r.fmtIndex(code, v) }}
		chart = func(rows []regionRow) *present.BarChart {
			in := make([]present.BarInput, len(rows))
			for i, row := range rows {
				in[i] = present.BarInput{Label: row.name, Values: []float64{row.keys["value"]}, Texts: []string{row.cells[1].Text + row.cells[1].Mark}}
			}
			return present.NewBarChart(present.BarSpec{ID: "bars", Title: view.MeasureName + ", " + view.ParentName + " " + itoa(year),
				Desc: l.T("chart.bar.desc"), Rows: in, Classes: []string{"s0"}})
		}
	} else {
		code := r.p.Indicator
		view.MeasureName = r.indicatorName(code) + " (" + r.indicatorUnit(code) + ")"
		pg.Defs = append(pg.Defs, definition{Term: r.indicatorName(code), Text: r.indicatorName(code) + " · " + l.T("col.unit") + ": " + r.indicatorUnit(code)},
			definition{Term: l.T("col.ratio"), Text: l.T("def.ratio")}, definition{Term: l.T("col.difference"), Text: l.T("def.difference")})
		rows, err = r.indicatorRows(parent, code, year)
		cols = []column{{Label: l.T("col.region")}, {Label: l.T("col.female"), Num: true}, {Label: l.T("col.male"), Num: true},
			{Label: l.T("col.total"), Num: true}, {Label: l.T("col.ratio"), Num: true}, {Label: l.T("col.difference"), Num: true}}
		sortKeys = []string{"name", "p", "l", "t", "ratio", "diff"}
		spec = present.MapSpec{Unit: l.T("col.female") + ", " + r.indicatorUnit(code), Format: func(v float64) string { return r.fmtIndicator(code, v) }}
		chart = func(rows []regionRow) *present.BarChart {
			in := make([]present.BarInput, len(rows))
			for i, row := range rows {
				in[i] = present.BarInput{Label: row.name, Values: []float64{row.keys["p"], row.keys["l"]},
					Texts: []string{"P " + row.cells[1].Text + row.cells[1].Mark, "L " + row.cells[2].Text + row.cells[2].Mark}}
			}
			return present.NewBarChart(present.BarSpec{ID: "bars", Title: view.MeasureName + ", " + view.ParentName + " " + itoa(year),
				Desc: l.T("chart.bar.desc"), Rows: in, Classes: []string{"female", "male"},
				Legend: []present.LegendItem{{Name: l.T("col.female"), Class: "female"}, {Name: l.T("col.male"), Class: "male"}}})
		}
	}
	if err != nil {
		return err
	}
	key, desc := parseSort(r.p.Sort, sortKeys)
	sortRegionRows(rows, key, desc)
	r.sortLinks(cols, sortKeys, key, desc)
	t := &table{ID: "regions", Caption: view.MeasureName + " — " + l.T("regions.of") + " " + view.ParentName + ", " + itoa(year),
		Columns: cols, Empty: l.T("regions.none")}
	for _, row := range rows {
		t.Rows = append(t.Rows, row.cells)
	}
	view.Table = r.addTable(t)
	if len(rows) > 0 {
		view.Chart = chart(rows)
	}
	if b, ok := r.maps[parent]; ok {
		view.Map = r.regionMap(b, spec, rows, view.MeasureName+", "+view.ParentName+" "+itoa(year))
	}
	pg.Regions = view
	return nil
}

// regionMap draws the rows' mapped value (the first numeric column) over the boundaries of
// the parent's children; a child without a row is drawn as having no data.
func (r *request) regionMap(b *present.Boundaries, spec present.MapSpec, rows []regionRow, title string) *present.Choropleth {
	spec.ID, spec.Title, spec.Desc = "map", title, r.l.T("chart.map.desc")
	spec.Values, spec.Names = map[string]present.MapValue{}, map[string]string{}
	for _, sh := range b.Shapes {
		if _, ok := r.cat.regionBy[sh.Code]; ok {
			spec.Names[sh.Code] = r.cat.regionName(sh.Code)
		}
	}
	for _, row := range rows {
		c := row.cells[1]
		if v, ok := c.Value.(float64); ok {
			spec.Values[row.code] = present.MapValue{Value: v, Text: c.Text + c.Mark}
		}
	}
	return present.NewChoropleth(r.l, b, spec)
}

func (r *request) indexRows(parent, code string, year int) ([]regionRow, error) {
	var rows []regionRow
	err := scanAll(r.ctx, r.db, "child_index_values", func(q rowScanner) error {
		var v indexValue
		var regionCode string
		if err := q.Scan(&regionCode, &v.Value, &v.Complete, &v.Approximate, &v.Note, &v.NoteID); err != nil {
			return err
		}
		name := r.cat.regionName(regionCode)
		c := numCell(r.fmtIndex(code, v.Value), v.Value, r.indexTitle(code))
		c.Mark = approxMark(v)
		c.Href = derivationHref(r.l, code, regionCode, year)
		if n := v.note(r.l); n != "" {
			c.Title += " · " + n
		}
		rows = append(rows, regionRow{code: regionCode, name: name,
			cells: []cell{r.regionLinkCell(regionCode), c, textCell(yesNo(r.l, v.Complete))},
			keys:  map[string]float64{"value": v.Value}})
		return nil
	}, parent, code, year)
	return rows, err
}

func (r *request) indicatorRows(parent, code string, year int) ([]regionRow, error) {
	bySex := map[string]map[string]indicatorValue{}
	var order []string
	err := scanAll(r.ctx, r.db, "child_indicator_values", func(q rowScanner) error {
		var v indicatorValue
		if err := q.Scan(&v.Region, &v.Sex, &v.Value, &v.Reliable, &v.N, &v.Source, &v.Origin, &v.Batch, &v.Unit, &v.Band, &v.RSE, &v.Missing); err != nil {
			return err
		}
		v.Year = year
		if bySex[v.Region] == nil {
			bySex[v.Region] = map[string]indicatorValue{}
			order = append(order, v.Region)
		}
		bySex[v.Region][v.Sex] = v
		return nil
	}, parent, code, year)
	if err != nil {
		return nil, err
	}
	gaps, err := loadGaps(r.ctx, r.db, parent, code)
	if err != nil {
		return nil, err
	}
	gapBy := map[string]gap{}
	for _, g := range gaps {
		if g.Year == year {
			gapBy[g.Region] = g
		}
	}
	var rows []regionRow
	for _, regionCode := range order {
		row := regionRow{code: regionCode, name: r.cat.regionName(regionCode), cells: []cell{r.regionLinkCell(regionCode)},
			keys: map[string]float64{}}
		for _, sex := range []string{"P", "L", "T"} {
			v, ok := bySex[regionCode][sex]
			key := strings.ToLower(sex)
			row.keys[key] = math.NaN()
			if !ok {
				row.cells = append(row.cells, missingCell())
				continue
			}
			c := r.indicatorCell(code, v)
			if c.Value != nil {
				row.keys[key] = v.Value
			}
			row.cells = append(row.cells, c)
		}
		ratio, diff := r.gapCells(code, gapBy[regionCode], bySex[regionCode])
		row.keys["ratio"], row.keys["diff"] = rawFloat(ratio), rawFloat(diff)
		row.cells = append(row.cells, ratio, diff)
		rows = append(rows, row)
	}
	return rows, nil
}

// gapCells are the ratio and difference cells; they are suppressed with an unreliable input.
func (r *request) gapCells(code string, g gap, bySex map[string]indicatorValue) (cell, cell) {
	unreliable := !bySex["P"].Reliable || !bySex["L"].Reliable
	_, hasP := bySex["P"]
	_, hasL := bySex["L"]
	unreliable = unreliable && hasP && hasL
	ratioTitle, diffTitle := r.l.T("def.ratio"), r.l.T("def.difference")+" ("+r.indicatorUnit(code)+")"
	mk := func(v sqlFloat, decimals int, title string, signed bool) cell {
		if !v.Valid {
			return missingCell()
		}
		if unreliable && !r.showUnreliable {
			return suppressedCell(r.l, title)
		}
		text := r.l.Num(v.Float64, decimals)
		if signed {
			text = r.l.Signed(v.Float64, decimals)
		}
		c := numCell(text, v.Float64, title)
		if unreliable {
			c.Mark, c.Class = "*", c.Class+" unreliable"
		}
		if g.Mixed {
			c.Mark += "◇"
			c.Title += " · " + r.l.T("gap.mixed")
		}
		return c
	}
	return mk(g.Ratio, 3, ratioTitle, false), mk(g.Difference, indicatorDecimals(r.cat.indicator[code].Unit), diffTitle, true)
}

func (r *request) regionLinkCell(code string) cell {
	q := r.p
	q.Region, q.Sort = code, ""
	path := "/"
	if r.p.Indicator != "" && r.p.Index == "" {
		path = "/indikator"
	}
	return cell{Text: r.cat.regionName(code), Value: r.cat.regionName(code), Href: q.url(path)}
}

func rawFloat(c cell) float64 {
	if v, ok := c.Value.(float64); ok {
		return v
	}
	return math.NaN()
}

// parseSort reads "key" or "-key" against the allowed keys; the default is the first
// numeric key, largest first.
func parseSort(s string, allowed []string) (string, bool) {
	desc := strings.HasPrefix(s, "-")
	key := strings.TrimPrefix(s, "-")
	for _, k := range allowed {
		if k != "" && k == key {
			return key, desc
		}
	}
	return allowed[1], true
}

func sortRegionRows(rows []regionRow, key string, desc bool) {
	sort.SliceStable(rows, func(i, j int) bool {
		if key == "name" {
			if desc {
				return rows[i].name > rows[j].name
			}
			return rows[i].name < rows[j].name
		}
		a, b := rows[i].keys[key], rows[j].keys[key]
		switch {
		case math.IsNaN(a) && math.IsNaN(b):
			return rows[i].name < rows[j].name
		case math.IsNaN(a):
			return false // missing values last, either direction
		case math.IsNaN(b):
			return true
		case a == b:
			return rows[i].name < rows[j].name
		case desc:
			return a > b
		}
		return a < b
	})
}

// sortLinks marks the sorted column and links every sortable header to its next order.
func (r *request) sortLinks(cols []column, sortKeys []string, key string, desc bool) {
	for i := range cols {
		if sortKeys[i] == "" {
			continue
		}
		next := sortKeys[i]
		if key == sortKeys[i] {
			cols[i].Sorted = "ascending"
			if desc {
				cols[i].Sorted = "descending"
			} else {
				next = "-" + next
			}
		} else if sortKeys[i] != "name" {
			next = "-" + next // numbers sort largest first on the first click
		}
		q := r.p
		q.Sort = next
		cols[i].SortHref = q.url("/wilayah")
	}
}
