package grafana

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/plugins"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
)

// TestSchemaStrictDecode decodes every generated dashboard with the foundation SDK's strict
// decoder (unknown fields, nulls in required fields and values outside an enum are errors),
// the check Grafana's schema makes, panel options and targets included.
func TestSchemaStrictDecode(t *testing.T) {
	plugins.RegisterDefaultPlugins()
	files, err := Files(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range mustDashboards(t) {
		var back dashboard.Dashboard
		err := back.UnmarshalJSONStrict(files["dashboards/"+d.File])
		// The decoder returns its error list as an error even when the list is empty.
		var list cog.BuildErrors
		if errors.As(err, &list) && len(list) == 0 {
			err = nil
		}
		if err != nil {
			t.Errorf("%s: the strict decoder rejects it:\n%v", d.File, err)
		}
		if back.Uid == nil || *back.Uid != d.UID() || len(back.Panels) != len(d.Model.Panels) {
			t.Errorf("%s: decoded uid %v with %d panels, want %s with %d", d.File, back.Uid, len(back.Panels), d.UID(), len(d.Model.Panels))
		}
	}
}

// TestSchemaValuesGrafanaRejects looks in the written JSON for what the strict decoder lets
// through but Grafana's published schema rejects: a null table footer reducer, an empty
// tooltip mode or sort, a panel without a unit, a datasource other than the provisioned one.
func TestSchemaValuesGrafanaRejects(t *testing.T) {
	files, err := Files(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range mustDashboards(t) {
		var doc struct {
			Panels []map[string]any `json:"panels"`
		}
		if err := json.Unmarshal(files["dashboards/"+d.File], &doc); err != nil {
			t.Fatal(err)
		}
		for _, p := range doc.Panels {
			name := d.File + ": panel " + str(p["title"])
			if p["type"] == "row" {
				continue
			}
			opts, _ := p["options"].(map[string]any)
			if footer, ok := opts["footer"].(map[string]any); ok {
				if r, ok := footer["reducer"]; ok && r == nil {
					t.Errorf("%s: options.footer.reducer is null", name)
				}
			}
			if tip, ok := opts["tooltip"].(map[string]any); ok {
				for _, k := range []string{"mode", "sort"} {
					if v, ok := tip[k]; ok && str(v) == "" {
						t.Errorf("%s: options.tooltip.%s is empty", name, k)
					}
				}
			}
			fc, _ := p["fieldConfig"].(map[string]any)
			defaults, _ := fc["defaults"].(map[string]any)
			if str(defaults["unit"]) == "" {
				t.Errorf("%s: no unit (fieldConfig.defaults.unit)", name)
			}
			ds, _ := p["datasource"].(map[string]any)
			if p["type"] != "text" && str(ds["uid"]) != DatasourceUID {
				t.Errorf("%s: datasource uid %v, want %q", name, ds["uid"], DatasourceUID)
			}
		}
	}
}

// TestSchemaUniqueIDs: every dashboard uid is unique, and every panel id is unique within
// its dashboard and positive.
func TestSchemaUniqueIDs(t *testing.T) {
	uids := map[string]bool{}
	for _, d := range mustDashboards(t) {
		if uids[d.UID()] {
			t.Errorf("dashboard uid %q used twice", d.UID())
		}
		uids[d.UID()] = true
		ids := map[uint32]string{}
		for _, p := range d.Model.Panels {
			var id *uint32
			var title string
			switch {
			case p.Panel != nil:
				id, title = p.Panel.Id, str(p.Panel.Title)
			case p.RowPanel != nil:
				id, title = &p.RowPanel.Id, str(p.RowPanel.Title)
			}
			if id == nil || *id == 0 {
				t.Errorf("%s: panel %q has no id", d.UID(), title)
				continue
			}
			if other, ok := ids[*id]; ok {
				t.Errorf("%s: panel id %d used by %q and %q", d.UID(), *id, other, title)
			}
			ids[*id] = title
		}
	}
}

func str(v any) string {
	switch s := v.(type) {
	case string:
		return s
	case *string:
		if s != nil {
			return *s
		}
	}
	return ""
}
