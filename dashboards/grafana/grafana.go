package grafana

import (
	"fmt"

	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/prometheus"
)

// DatasourceUID is the fixed uid of the Prometheus datasource: the provisioning file creates the
// datasource under it and every panel, target and variable refers to it.
const DatasourceUID = "setara-prometheus"

// SchemaVersion is the Grafana dashboard schema version of every generated dashboard, pinned so
// that an SDK upgrade that changes it shows up as a test failure and a reviewed diff.
const SchemaVersion = 42

// Folder is the Grafana folder (title and uid) the dashboards are provisioned into.
const Folder = "setara"

// Dashboard is one generated dashboard: its file name under DIR/dashboards and its typed model.
type Dashboard struct {
	File  string
	Model dashboard.Dashboard
}

// UID is the dashboard's uid ("" if unset, which the tests reject).
func (d Dashboard) UID() string {
	if d.Model.Uid == nil {
		return ""
	}
	return *d.Model.Uid
}

// Panel is a panel of a dashboard as the tests see it: its type, texts and Prometheus targets.
type Panel struct {
	ID          uint32
	Type        string
	Title       string
	Description string
	Unit        string
	Targets     []Target
}

// Target is one Prometheus query of a panel.
type Target struct {
	RefID   string
	Expr    string
	Instant bool
	Format  string // "table" or "" (time series)
}

// Variable is a template variable: a query variable (Query is label_values(SELECTOR, LABEL))
// or a custom variable (Options).
type Variable struct {
	Name    string
	Type    string // "query" or "custom"
	Query   string
	Sort    int    // Grafana's VariableSort: 3 numerical ascending, 4 numerical descending, ...
	Current string // the value selected when the dashboard opens ("" = first in sort order)
	Options []string
	// Multi or IncludeAll variables are substituted regex-escaped, for use with =~.
	Multi, IncludeAll bool
	AllValue          string
}

// Panels lists the dashboard's panels (rows excluded) in layout order.
func (d Dashboard) Panels() []Panel {
	var out []Panel
	for _, p := range d.Model.Panels {
		if p.Panel == nil {
			continue
		}
		panel := Panel{Type: p.Panel.Type}
		if p.Panel.Id != nil {
			panel.ID = *p.Panel.Id
		}
		if p.Panel.Title != nil {
			panel.Title = *p.Panel.Title
		}
		if p.Panel.Description != nil {
			panel.Description = *p.Panel.Description
		}
		if fc := p.Panel.FieldConfig; fc != nil && fc.Defaults.Unit != nil {
			panel.Unit = *fc.Defaults.Unit
		}
		for _, t := range p.Panel.Targets {
			q, ok := t.(prometheus.Dataquery)
			if !ok {
				panel.Targets = append(panel.Targets, Target{RefID: fmt.Sprintf("<not a prometheus query: %T>", t)})
				continue
			}
			target := Target{Expr: q.Expr}
			if q.RefId != nil {
				target.RefID = *q.RefId
			}
			target.Instant = q.Instant != nil && *q.Instant
			if q.Format != nil {
				target.Format = string(*q.Format)
			}
			panel.Targets = append(panel.Targets, target)
		}
		out = append(out, panel)
	}
	return out
}

// Variables lists the dashboard's template variables in order (later ones may refer to earlier).
func (d Dashboard) Variables() []Variable {
	var out []Variable
	for _, v := range d.Model.Templating.List {
		variable := Variable{Name: v.Name, Type: string(v.Type)}
		if v.Query != nil && v.Query.String != nil {
			variable.Query = *v.Query.String
		}
		if v.Sort != nil {
			variable.Sort = int(*v.Sort)
		}
		if v.Current != nil && v.Current.Value.String != nil {
			variable.Current = *v.Current.Value.String
		}
		variable.Multi = v.Multi != nil && *v.Multi
		variable.IncludeAll = v.IncludeAll != nil && *v.IncludeAll
		if v.AllValue != nil {
			variable.AllValue = *v.AllValue
		}
		for _, o := range v.Options {
			if o.Value.String != nil {
				variable.Options = append(variable.Options, *o.Value.String)
			}
		}
		out = append(out, variable)
	}
	return out
}

// Dashboards builds every dashboard, in a fixed order.
func Dashboards() ([]Dashboard, error) {
	builders := []struct {
		file  string
		build func() *dashboard.DashboardBuilder
	}{
		{"setara-ringkasan.json", ringkasan},
		{"setara-perbandingan-wilayah.json", perbandinganWilayah},
		{"setara-program-anggaran.json", programAnggaran},
		{"setara-kesehatan-pipeline.json", kesehatanPipeline},
	}
	out := make([]Dashboard, 0, len(builders))
	for _, b := range builders {
		model, err := b.build().Build()
		if err != nil {
			return nil, fmt.Errorf("grafana: build %s: %w", b.file, err)
		}
		model.SchemaVersion = SchemaVersion
		numberPanels(&model)
		out = append(out, Dashboard{File: b.file, Model: model})
	}
	return out, nil
}

// numberPanels gives rows and panels ids 1, 2, ... in layout order, so ids are stable and
// unique without being written by hand.
func numberPanels(d *dashboard.Dashboard) {
	id := uint32(0)
	for _, p := range d.Panels {
		id++
		switch {
		case p.Panel != nil:
			n := id
			p.Panel.Id = &n
		case p.RowPanel != nil:
			p.RowPanel.Id = id
		}
	}
}

// newDashboard starts a dashboard with the settings all four share: uid, Indonesian title and
// description, tags, read-only in the UI (the files are the source), browser time zone, and a
// time range long enough for operational time series.
func newDashboard(uid, title, description string) *dashboard.DashboardBuilder {
	return dashboard.NewDashboardBuilder(title).
		Uid(uid).
		Description(description).
		Tags([]string{"setara", "PUG", "gender"}).
		Readonly().
		Timezone("browser").
		Time("now-7d", "now").
		Refresh("5m").
		Tooltip(dashboard.DashboardCursorSyncCrosshair).
		Link(dashboard.NewDashboardLinkBuilder("Dasbor setara").
			Type(dashboard.DashboardLinkTypeDashboards).
			Tags([]string{"setara"}).
			AsDropdown(true).
			IncludeVars(true).
			KeepTime(true))
}
