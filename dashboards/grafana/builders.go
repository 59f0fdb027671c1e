package grafana

import (
	"github.com/grafana/grafana-foundation-sdk/go/barchart"
	"github.com/grafana/grafana-foundation-sdk/go/bargauge"
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/prometheus"
	"github.com/grafana/grafana-foundation-sdk/go/stat"
	"github.com/grafana/grafana-foundation-sdk/go/table"
	"github.com/grafana/grafana-foundation-sdk/go/timeseries"
)

// Small helpers shared by the four dashboards. They only fix what every panel must have (the
// datasource, an explicit refId, instant or range); titles, descriptions and units stay with
// each panel.

// datasource is the reference every panel, target and variable uses: the fixed uid that the
// provisioning file gives the Prometheus datasource.
func datasource() common.DataSourceRef {
	typ, uid := "prometheus", DatasourceUID
	return common.DataSourceRef{Type: &typ, Uid: &uid}
}

// instant is an instant query: the value now, one row per series. The facts are annual and
// carried in the year label, so stat, bar gauge, bar chart and table panels use instant queries.
func instant(refID, expr, legend string) *prometheus.DataqueryBuilder {
	q := prometheus.NewDataqueryBuilder().
		Datasource(datasource()).
		RefId(refID).
		Expr(expr).
		Instant().
		EditorMode(prometheus.QueryEditorModeCode)
	if legend != "" {
		q.LegendFormat(legend)
	}
	return q
}

// instantTable is an instant query returned as a table frame (one column per label, "Value").
func instantTable(refID, expr string) *prometheus.DataqueryBuilder {
	return instant(refID, expr, "").Format(prometheus.PromQueryFormatTable)
}

// rangeQuery is a range query for time-series panels of operational metrics (values that change
// between scrapes, such as stage durations and scrape health).
func rangeQuery(refID, expr, legend string) *prometheus.DataqueryBuilder {
	return prometheus.NewDataqueryBuilder().
		Datasource(datasource()).
		RefId(refID).
		Expr(expr).
		Range().
		EditorMode(prometheus.QueryEditorModeCode).
		LegendFormat(legend)
}

// labelValues is a query variable fed by label_values(selector, label). Grafana selects the
// first value in sort order when the dashboard opens, unless current names another.
func labelValues(name, label, description, selector, labelName string, sort dashboard.VariableSort) *dashboard.QueryVariableBuilder {
	query := "label_values(" + selector + ", " + labelName + ")"
	return dashboard.NewQueryVariableBuilder(name).
		Label(label).
		Description(description).
		Datasource(datasource()).
		Query(dashboard.StringOrMap{String: &query}).
		Definition(query).
		Refresh(dashboard.VariableRefreshOnDashboardLoad).
		Sort(sort)
}

// option is a variable option (text shown, value substituted).
func option(text, value string) dashboard.VariableOption {
	return dashboard.VariableOption{
		Text:  dashboard.StringOrArrayOfString{String: &text},
		Value: dashboard.StringOrArrayOfString{String: &value},
	}
}

// selected is option marked as the current selection.
func selected(text, value string) dashboard.VariableOption {
	o := option(text, value)
	yes := true
	o.Selected = &yes
	return o
}

// groupingToMatrix turns an instant table (one row per series) into a matrix with one row per
// rowField value and one column per columnField value: the shape bar charts need to draw
// groups side by side (years by region, regions by sex).
func groupingToMatrix(columnField, rowField string) dashboard.DataTransformerConfig {
	return dashboard.DataTransformerConfig{
		Id: "groupingToMatrix",
		Options: map[string]any{
			"columnField": columnField,
			"rowField":    rowField,
			"valueField":  "Value",
			"emptyValue":  "null",
		},
	}
}

// organize keeps the fields of keep, in that order, under their new names; every other field
// of an instant table (Time, __name__, job, instance, ...) is hidden.
func organize(keep [][2]string, hide ...string) dashboard.DataTransformerConfig {
	rename := map[string]any{}
	index := map[string]any{}
	for i, k := range keep {
		rename[k[0]] = k[1]
		index[k[0]] = i
	}
	exclude := map[string]any{"Time": true, "__name__": true, "job": true, "instance": true}
	for _, h := range hide {
		exclude[h] = true
	}
	return dashboard.DataTransformerConfig{
		Id: "organize",
		Options: map[string]any{
			"excludeByName": exclude,
			"indexByName":   index,
			"renameByName":  rename,
		},
	}
}

// merge joins the table frames of several queries on their common label columns.
func merge() dashboard.DataTransformerConfig {
	return dashboard.DataTransformerConfig{Id: "merge", Options: map[string]any{}}
}

// sexColumns renames the P/L columns of a matrix grouped by sex.
func sexColumns(rowField, rowTitle string) dashboard.DataTransformerConfig {
	return organize([][2]string{{rowField + `\sex`, rowTitle}, {"P", "Perempuan"}, {"L", "Laki-laki"}})
}

// femaleMale colours the Perempuan and Laki-laki columns the same way on every bar chart.
func femaleMale(p *barchart.PanelBuilder) *barchart.PanelBuilder {
	for _, c := range [][2]string{{"Perempuan", "purple"}, {"Laki-laki", "green"}} {
		p.WithOverride(
			dashboard.MatcherConfig{Id: "byName", Options: c[0]},
			[]dashboard.DynamicConfigValue{{Id: "color", Value: map[string]any{"mode": "fixed", "fixedColor": c[1]}}},
		)
	}
	return p
}

// valueText maps exact values to texts (and colours), e.g. up 1 → "Naik".
func valueText(pairs ...[3]string) []dashboard.ValueMapping {
	opts := map[string]dashboard.ValueMappingResult{}
	for i, p := range pairs {
		text, color, idx := p[1], p[2], int32(i)
		opts[p[0]] = dashboard.ValueMappingResult{Text: &text, Color: &color, Index: &idx}
	}
	return []dashboard.ValueMapping{{ValueMap: &dashboard.ValueMap{Type: dashboard.MappingTypeValueToText, Options: opts}}}
}

// steps are absolute thresholds: base colour, then (value, colour) pairs.
func steps(base string, more ...any) *dashboard.ThresholdsConfigBuilder {
	s := []dashboard.Threshold{{Color: base}}
	for i := 0; i+1 < len(more); i += 2 {
		v := more[i].(float64)
		s = append(s, dashboard.Threshold{Value: &v, Color: more[i+1].(string)})
	}
	return dashboard.NewThresholdsConfigBuilder().Mode(dashboard.ThresholdsModeAbsolute).Steps(s)
}

// lastValue reduces a frame to its last non-null value (stat and bar gauge panels).
func lastValue() *common.ReduceDataOptionsBuilder {
	return common.NewReduceDataOptionsBuilder().Calcs([]string{"lastNotNull"}).Values(false)
}

// newStat is a stat panel on the setara datasource with an explicit orientation (the SDK
// otherwise writes an empty one).
func newStat() *stat.PanelBuilder {
	return stat.NewPanelBuilder().Datasource(datasource()).Orientation(common.VizOrientationAuto)
}

// panelBuilder is the part of every SDK panel builder (stat, bar gauge, bar chart, table, time
// series) that sets what all setara panels have.
type panelBuilder[B any] interface {
	Title(title string) B
	Description(description string) B
	Datasource(datasource common.DataSourceRef) B
	Span(w uint32) B
	Height(h uint32) B
}

// panel gives b its title, description, the setara datasource and its size.
func panel[B panelBuilder[B]](b B, title, description string, span, height uint32) B {
	return b.Title(title).Description(description).Datasource(datasource()).Span(span).Height(height)
}

// statPanel is a stat panel five rows high that shows the last value in the given colour mode
// and draws no graph.
func statPanel(title, description string, span uint32, color common.BigValueColorMode) *stat.PanelBuilder {
	return panel(newStat(), title, description, span, 5).
		ColorMode(color).
		GraphMode(common.BigValueGraphModeNone).
		ReduceOptions(lastValue())
}

// barGauge is a horizontal bar gauge of the last value of each series.
func barGauge(title, description string, span, height uint32) *bargauge.PanelBuilder {
	return panel(bargauge.NewPanelBuilder(), title, description, span, height).
		Orientation(common.VizOrientationHorizontal).
		DisplayMode(common.BarGaugeDisplayModeBasic).
		ReduceOptions(lastValue())
}

// sexBars is a horizontal bar chart of an instant table grouped by sex: one group of bars per
// rowField value (titled rowTitle, sorted ascending), Perempuan and Laki-laki side by side in
// their fixed colours.
func sexBars(title, description string, span, height uint32, rowField, rowTitle string) *barchart.PanelBuilder {
	return femaleMale(barChart(title, description, span, height).
		Orientation(common.VizOrientationHorizontal).
		ShowValue(common.VisibilityModeAuto).
		WithTransformation(groupingToMatrix("sex", rowField)).
		WithTransformation(sortBy(rowField+`\sex`, false)).
		WithTransformation(sexColumns(rowField, rowTitle)))
}

// tablePanel is a table panel with its footer off but complete: Grafana's schema wants a
// reducer list, which the SDK otherwise writes as null.
func tablePanel(title, description string, span, height uint32) *table.PanelBuilder {
	return panel(table.NewPanelBuilder(), title, description, span, height).
		Footer(common.NewTableFooterOptionsBuilder().Show(false).Reducer([]string{"sum"}).CountRows(false))
}

// tooltip shows every series at the hovered point, in query order; the SDK otherwise writes
// an empty mode and sort, which Grafana's schema rejects.
func tooltip() *common.VizTooltipOptionsBuilder {
	return common.NewVizTooltipOptionsBuilder().Mode(common.TooltipDisplayModeMulti).Sort(common.SortOrderNone)
}

// barChart is a bar chart panel with the setara tooltip.
func barChart(title, description string, span, height uint32) *barchart.PanelBuilder {
	return panel(barchart.NewPanelBuilder(), title, description, span, height).Tooltip(tooltip())
}

// timeSeries is a time-series panel with the setara tooltip.
func timeSeries(title, description string, span, height uint32) *timeseries.PanelBuilder {
	return panel(timeseries.NewPanelBuilder(), title, description, span, height).Tooltip(tooltip())
}
