package grafana

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/grafana/grafana-foundation-sdk/go/cog/plugins"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
)

var update = flag.Bool("update", false, "rewrite the committed tree dashboards/provisioning from the generator")

// committedTree is the generated tree committed in the repository.
const committedTree = "../provisioning"

const regenerate = "go run -tags duckdb_arrow ./cmd/setara dashboards --out dashboards/provisioning"

// TestCommittedTreeMatchesGenerator is the golden test: every file of dashboards/provisioning
// must be byte-identical to what the generator writes with default options, and no file may
// be missing or extra.
func TestCommittedTreeMatchesGenerator(t *testing.T) {
	if *update {
		if err := Write(committedTree, Options{}); err != nil {
			t.Fatal(err)
		}
	}
	want, err := Files(Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := readTree(t, committedTree)
	for _, name := range SortedNames(want) {
		b, ok := got[name]
		switch {
		case !ok:
			t.Errorf("%s/%s is missing; regenerate with: %s", committedTree, name, regenerate)
		case !bytes.Equal(b, want[name]):
			t.Errorf("%s/%s differs from the generator (first difference at line %d); regenerate with: %s",
				committedTree, name, firstDiffLine(b, want[name]), regenerate)
		}
	}
	for _, name := range SortedNames(got) {
		if _, ok := want[name]; !ok {
			t.Errorf("%s/%s is not generated any more; remove it or regenerate with: %s", committedTree, name, regenerate)
		}
	}
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatalf("read %s: %v; regenerate with: %s", dir, err, regenerate)
	}
	return files
}

func firstDiffLine(a, b []byte) int {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(la) && i < len(lb); i++ {
		if la[i] != lb[i] {
			return i + 1
		}
	}
	return min(len(la), len(lb)) + 1
}

// TestWriteIsDeterministicAndRemovesStale writes the tree twice and compares bytes, and checks
// that a dashboard file the generator no longer makes is removed while other files stay.
func TestWriteIsDeterministicAndRemovesStale(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, p := range []string{filepath.Join(b, "dashboards", "setara-old.json"), filepath.Join(b, "dashboards", "mine.json")} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, dir := range []string{a, b, b} {
		if err := Write(dir, Options{}); err != nil {
			t.Fatal(err)
		}
	}
	ta, tb := readTree(t, a), readTree(t, b)
	if _, ok := tb["dashboards/setara-old.json"]; ok {
		t.Error("stale dashboards/setara-old.json was not removed")
	}
	if _, ok := tb["dashboards/mine.json"]; !ok {
		t.Error("dashboards/mine.json (not a setara file) was removed")
	}
	delete(tb, "dashboards/mine.json")
	if len(ta) != len(tb) {
		t.Fatalf("runs wrote %d and %d files", len(ta), len(tb))
	}
	for name, want := range ta {
		if !bytes.Equal(tb[name], want) {
			t.Errorf("%s differs between two runs", name)
		}
	}
	wantNames := []string{
		"dashboards/setara-kesehatan-pipeline.json",
		"dashboards/setara-perbandingan-wilayah.json",
		"dashboards/setara-program-anggaran.json",
		"dashboards/setara-ringkasan.json",
		"prometheus/prometheus.yml",
		"prometheus/setara-alerts.yml",
		"provisioning/dashboards/setara.yaml",
		"provisioning/datasources/setara.yaml",
	}
	if got := SortedNames(ta); !slices.Equal(got, wantNames) {
		t.Errorf("files = %q, want %q", got, wantNames)
	}
}

// TestUIDsAreStable pins the dashboard uids: links and bookmarks use them, so a change must be
// deliberate.
func TestUIDsAreStable(t *testing.T) {
	want := []string{"setara-ringkasan", "setara-perbandingan-wilayah", "setara-program-anggaran", "setara-kesehatan-pipeline"}
	ds := mustDashboards(t)
	var got []string
	seen := map[string]bool{}
	for _, d := range ds {
		uid := d.UID()
		if seen[uid] {
			t.Errorf("uid %q used twice", uid)
		}
		seen[uid] = true
		got = append(got, uid)
		if d.File != uid+".json" {
			t.Errorf("dashboard %q is written to %q, want %q", uid, d.File, uid+".json")
		}
		if d.Model.SchemaVersion != SchemaVersion {
			t.Errorf("%s: schemaVersion %d, want %d", uid, d.Model.SchemaVersion, SchemaVersion)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("uids = %q, want %q", got, want)
	}
	if SchemaVersion != 42 {
		t.Errorf("SchemaVersion = %d, pinned at 42", SchemaVersion)
	}
}

func mustDashboards(t *testing.T) []Dashboard {
	t.Helper()
	ds, err := Dashboards()
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// contractMetrics are the metric names of ARCHITECTURE.md "Metrics" plus Prometheus's own
// series for the scrape; a panel may use no other.
var contractMetrics = map[string]bool{
	"setara_gender_index": true, "setara_gender_index_published": true, "setara_gender_index_published_agrees": true, "setara_indicator_value": true, "setara_indicator_rse": true, "setara_gender_gap_ratio": true,
	"setara_program_budget_rupiah": true, "setara_program_realization_rupiah": true,
	"setara_program_responsive_share_ratio": true, "setara_program_beneficiaries": true,
	"setara_target_group_beneficiaries": true, "setara_target_group_budget_rupiah": true,
	"setara_evaluation_gbs_complete_ratio": true, "setara_evaluation_findings": true, "setara_evaluation_opd_findings": true, "setara_evaluation_prerequisites_met": true,
	"setara_ingest_rows_total": true, "setara_stage_duration_seconds": true, "setara_check_failing_rows": true,
	"setara_snapshot_info": true, "setara_snapshot_timestamp_seconds": true,
	"setara_refresh_last_success_timestamp_seconds": true, "setara_refresh_last_failure_timestamp_seconds": true,
	"setara_refresh_duration_seconds": true, "setara_refresh_files_total": true,
	"up": true, "scrape_duration_seconds": true,
}

var (
	metricRef   = regexp.MustCompile(`([a-zA-Z_:][a-zA-Z0-9_:]*)\{`)
	variableRef = regexp.MustCompile(`\$\{?([a-zA-Z_][a-zA-Z0-9_]*)`)
)

// TestPanelsFollowTheRules checks every panel of every dashboard: texts present, explicit and
// unique refIds, the fixed datasource, instant queries where the panel shows one value per
// series, only contract metrics, and only defined template variables.
func TestPanelsFollowTheRules(t *testing.T) {
	for _, d := range mustDashboards(t) {
		vars := map[string]bool{}
		used := map[string]bool{}
		for _, v := range d.Variables() {
			vars[v.Name] = true
			for _, m := range variableRef.FindAllStringSubmatch(v.Query, -1) {
				if !vars[m[1]] || m[1] == v.Name {
					t.Errorf("%s: variable %s refers to $%s, which is not defined before it", d.UID(), v.Name, m[1])
				}
				used[m[1]] = true
			}
		}
		ids := map[uint32]bool{}
		panels := d.Panels()
		if len(panels) < 4 {
			t.Errorf("%s: %d panels, want at least 4", d.UID(), len(panels))
		}
		for _, p := range panels {
			where := d.UID() + ": panel " + p.Title
			if p.Title == "" || p.Description == "" {
				t.Errorf("%s: title %q, description %q: both required", where, p.Title, p.Description)
			}
			if !strings.Contains(p.Description, "Sumber") {
				t.Errorf("%s: description does not state the source (Sumber): %q", where, p.Description)
			}
			if p.ID == 0 || ids[p.ID] {
				t.Errorf("%s: id %d is zero or repeated", where, p.ID)
			}
			ids[p.ID] = true
			if len(p.Targets) == 0 {
				t.Errorf("%s: no targets", where)
			}
			refs := map[string]bool{}
			for _, tg := range p.Targets {
				if tg.RefID == "" || refs[tg.RefID] {
					t.Errorf("%s: refId %q is empty or repeated", where, tg.RefID)
				}
				refs[tg.RefID] = true
				wantInstant := p.Type != "timeseries"
				if tg.Instant != wantInstant {
					t.Errorf("%s %s: instant = %v, want %v for a %s panel", where, tg.RefID, tg.Instant, wantInstant, p.Type)
				}
				names := metricRef.FindAllStringSubmatch(tg.Expr, -1)
				if len(names) == 0 {
					t.Errorf("%s %s: no metric selector in %q", where, tg.RefID, tg.Expr)
				}
				for _, m := range names {
					if !contractMetrics[m[1]] {
						t.Errorf("%s %s: metric %s is not in the ARCHITECTURE.md contract", where, tg.RefID, m[1])
					}
				}
				for _, m := range variableRef.FindAllStringSubmatch(tg.Expr+" "+p.Title+" "+p.Description, -1) {
					if !vars[m[1]] {
						t.Errorf("%s %s: $%s is not a template variable", where, tg.RefID, m[1])
					}
					used[m[1]] = true
				}
			}
		}
		for v := range vars {
			if !used[v] {
				t.Errorf("%s: variable %s is never used", d.UID(), v)
			}
		}
		checkDatasources(t, d)
	}
}

// checkDatasources walks the typed model: every panel, target and query variable must name
// the fixed datasource uid.
func checkDatasources(t *testing.T, d Dashboard) {
	t.Helper()
	for _, p := range d.Model.Panels {
		if p.Panel == nil {
			continue
		}
		if ds := p.Panel.Datasource; ds == nil || ds.Uid == nil || *ds.Uid != DatasourceUID {
			t.Errorf("%s: panel %q: datasource is not uid %s", d.UID(), *p.Panel.Title, DatasourceUID)
		}
	}
	b, err := dashboardJSON(d)
	if err != nil {
		t.Fatal(err)
	}
	// Every "datasource" object anywhere in the JSON (targets, variables) has the fixed uid.
	var walk func(v any)
	count := 0
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if k == "datasource" {
					count++
					m, _ := x.(map[string]any)
					if m["uid"] != DatasourceUID || m["type"] != "prometheus" {
						t.Errorf("%s: datasource %v, want prometheus uid %s", d.UID(), x, DatasourceUID)
					}
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	walk(v)
	if count == 0 {
		t.Errorf("%s: no datasource references found", d.UID())
	}
}

// TestVariablesAreLabelValues checks the template variables: query variables are
// label_values(SELECTOR, LABEL) on a contract metric, year variables sort newest first.
func TestVariablesAreLabelValues(t *testing.T) {
	labelValuesQuery := regexp.MustCompile(`^label_values\(([a-z_]+)(\{.*\})?, ([a-z_]+)\)$`)
	for _, d := range mustDashboards(t) {
		for _, v := range d.Variables() {
			switch v.Type {
			case "query":
				m := labelValuesQuery.FindStringSubmatch(v.Query)
				if m == nil {
					t.Errorf("%s: variable %s: query %q is not label_values(SELECTOR, LABEL)", d.UID(), v.Name, v.Query)
					continue
				}
				if !contractMetrics[m[1]] {
					t.Errorf("%s: variable %s: metric %s is not in the contract", d.UID(), v.Name, m[1])
				}
				if m[3] == "year" && v.Sort != int(dashboard.VariableSortNumericalDesc) {
					t.Errorf("%s: variable %s: year sorted %d, want numerical descending (newest first)", d.UID(), v.Name, v.Sort)
				}
			case "custom":
				if len(v.Options) == 0 || v.Current == "" || !slices.Contains(v.Options, v.Current) {
					t.Errorf("%s: custom variable %s: options %q, current %q", d.UID(), v.Name, v.Options, v.Current)
				}
			default:
				t.Errorf("%s: variable %s has type %q", d.UID(), v.Name, v.Type)
			}
		}
	}
}

// TestJSONKeysSortedAndLoadable checks the written JSON: every object's keys are sorted, and
// the SDK's own decoder reads it back into a dashboard with the same uid and panels.
func TestJSONKeysSortedAndLoadable(t *testing.T) {
	plugins.RegisterDefaultPlugins()
	files, err := Files(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range mustDashboards(t) {
		b := files["dashboards/"+d.File]
		checkSortedKeys(t, d.File, b)
		var back dashboard.Dashboard
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: SDK cannot read the JSON back: %v", d.File, err)
		}
		if back.Uid == nil || *back.Uid != d.UID() || len(back.Panels) != len(d.Model.Panels) {
			t.Errorf("%s: read back uid %v with %d panels, want %s with %d", d.File, back.Uid, len(back.Panels), d.UID(), len(d.Model.Panels))
		}
		if bytes.Contains(b, []byte(`\u003e`)) || !bytes.HasSuffix(b, []byte("}\n")) {
			t.Errorf("%s: escaped '>' or missing final newline", d.File)
		}
	}
}

func checkSortedKeys(t *testing.T, name string, b []byte) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	var value func() error
	value = func() error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			var keys []string
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				keys = append(keys, k.(string))
				if err := value(); err != nil {
					return err
				}
			}
			if !sort.StringsAreSorted(keys) {
				t.Errorf("%s: object keys not sorted: %q", name, keys)
			}
			_, err = dec.Token() // }
			return err
		case json.Delim('['):
			for dec.More() {
				if err := value(); err != nil {
					return err
				}
			}
			_, err = dec.Token() // ]
			return err
		}
		return nil
	}
	if err := value(); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		t.Errorf("%s: data after the dashboard object: %v", name, err)
	}
}

// TestProvisioningFiles checks the YAML files for the values Grafana and Prometheus need,
// with defaults and with every option set.
func TestProvisioningFiles(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want map[string][]string
	}{
		{"defaults", Options{}, map[string][]string{
			fileDatasource:      {`uid: "setara-prometheus"`, `type: prometheus`, `url: "http://prometheus:9090"`, `timeInterval: "30s"`},
			fileDashboardsProv:  {`folder: "setara"`, `allowUiUpdates: false`, `path: "/var/lib/grafana/dashboards/setara"`, `type: file`},
			filePrometheusCfg:   {`job_name: setara`, `- "127.0.0.1:8080"`, `- setara-alerts.yml`, `scrape_interval: 30s`},
			filePrometheusRules: {`alert: SetaraDown`, `alert: SetaraRefreshFailed`, `alert: SetaraRefreshStale`, `alert: SetaraNoSnapshot`, `> 129600`},
		}},
		{"options", Options{PrometheusURL: "https://prom.medan.go.id:9443", Target: "setara.internal:9000", DashboardsPath: "/etc/dash", ScrapeInterval: "15s"}, map[string][]string{
			fileDatasource:     {`url: "https://prom.medan.go.id:9443"`, `timeInterval: "15s"`},
			fileDashboardsProv: {`path: "/etc/dash"`},
			filePrometheusCfg:  {`- "setara.internal:9000"`, `scrape_interval: 15s`, `evaluation_interval: 15s`},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			files, err := Files(tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			for name, wants := range tc.want {
				for _, w := range wants {
					if !strings.Contains(string(files[name]), w) {
						t.Errorf("%s does not contain %q:\n%s", name, w, files[name])
					}
				}
			}
		})
	}
}

func TestOptionsRejected(t *testing.T) {
	tests := []struct {
		name string
		opts Options
	}{
		{"url without scheme", Options{PrometheusURL: "prometheus:9090"}},
		{"target without port", Options{Target: "127.0.0.1"}},
		{"target with newline", Options{Target: "a:1\n- evil:2"}},
		{"relative dashboards path", Options{DashboardsPath: "dashboards"}},
		{"interval without unit", Options{ScrapeInterval: "30"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			err := Write(dir, tc.opts)
			if !errors.Is(err, ErrOptions) {
				t.Fatalf("Write: %v, want ErrOptions", err)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("Write with bad options wrote %d entries", len(entries))
			}
		})
	}
}
