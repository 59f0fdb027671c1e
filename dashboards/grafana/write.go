package grafana

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"text/template"

	"github.com/setara-pug/setara/pipeline/durable"
)

//go:embed templates/*.tmpl
var templateFS embed.FS

// Defaults of Options.
const (
	DefaultPrometheusURL  = "http://prometheus:9090"
	DefaultTarget         = "127.0.0.1:8080"
	DefaultDashboardsPath = "/var/lib/grafana/dashboards/setara"
	DefaultScrapeInterval = "30s"
)

// Options are the deployment-specific values of the generated tree. Zero fields take the
// Default* constants.
type Options struct {
	PrometheusURL  string // the datasource URL Grafana uses to reach Prometheus
	Target         string // host:port of setara serve, scraped by Prometheus
	DashboardsPath string // where DIR/dashboards is mounted inside the Grafana container
	ScrapeInterval string // Prometheus scrape and rule evaluation interval, e.g. "30s"
}

func (o Options) withDefaults() Options {
	if o.PrometheusURL == "" {
		o.PrometheusURL = DefaultPrometheusURL
	}
	if o.Target == "" {
		o.Target = DefaultTarget
	}
	if o.DashboardsPath == "" {
		o.DashboardsPath = DefaultDashboardsPath
	}
	if o.ScrapeInterval == "" {
		o.ScrapeInterval = DefaultScrapeInterval
	}
	return o
}

var promDuration = regexp.MustCompile(`^[1-9][0-9]*(ms|s|m|h)$`)

// ErrOptions is wrapped by every invalid-option error.
var ErrOptions = errors.New("invalid option")

func (o Options) validate() error {
	u, err := url.Parse(o.PrometheusURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%w: prometheus URL %q: want http(s)://HOST[:PORT]", ErrOptions, o.PrometheusURL)
	}
	if host, port, err := net.SplitHostPort(o.Target); err != nil || host == "" || port == "" {
		return fmt.Errorf("%w: scrape target %q: want HOST:PORT", ErrOptions, o.Target)
	}
	if !path.IsAbs(o.DashboardsPath) {
		return fmt.Errorf("%w: dashboards path %q: want an absolute path inside the Grafana container", ErrOptions, o.DashboardsPath)
	}
	if !promDuration.MatchString(o.ScrapeInterval) {
		return fmt.Errorf("%w: scrape interval %q: want a duration such as 15s or 1m", ErrOptions, o.ScrapeInterval)
	}
	return nil
}

// Tree paths, relative to the output directory.
const (
	dirDashboards       = "dashboards"
	fileDatasource      = "provisioning/datasources/setara.yaml"
	fileDashboardsProv  = "provisioning/dashboards/setara.yaml"
	filePrometheusCfg   = "prometheus/prometheus.yml"
	filePrometheusRules = "prometheus/setara-alerts.yml"
)

// Files renders the whole tree in memory: slash-separated path relative to DIR → content.
func Files(opts Options) (map[string][]byte, error) {
	opts = opts.withDefaults()
	if err := opts.validate(); err != nil {
		return nil, err
	}
	dashboards, err := Dashboards()
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, d := range dashboards {
		b, err := dashboardJSON(d)
		if err != nil {
			return nil, fmt.Errorf("grafana: %s: %w", d.File, err)
		}
		files[dirDashboards+"/"+d.File] = b
	}
	data := map[string]any{
		"DatasourceName": DatasourceUID,
		"DatasourceUID":  DatasourceUID,
		"PrometheusURL":  opts.PrometheusURL,
		"Target":         opts.Target,
		"DashboardsPath": opts.DashboardsPath,
		"ScrapeInterval": opts.ScrapeInterval,
		"Folder":         Folder,
		"StaleSeconds":   staleAlertSeconds,
		"StaleHours":     staleAlertSeconds / 3600,
	}
	for name, tmpl := range map[string]string{
		fileDatasource:      "datasource.yaml.tmpl",
		fileDashboardsProv:  "dashboards.yaml.tmpl",
		filePrometheusCfg:   "prometheus.yml.tmpl",
		filePrometheusRules: "setara-alerts.yml.tmpl",
	} {
		b, err := render(tmpl, data)
		if err != nil {
			return nil, err
		}
		files[name] = b
	}
	return files, nil
}

// Write writes the tree under dir: dashboards/*.json, provisioning/{datasources,dashboards}/
// setara.yaml, prometheus/prometheus.yml and prometheus/setara-alerts.yml. Generated dashboard
// files that no longer exist in the generator are removed from dir/dashboards; nothing else
// is touched.
func Write(dir string, opts Options) error {
	files, err := Files(opts)
	if err != nil {
		return err
	}
	for _, name := range SortedNames(files) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("grafana: write %s: %w", p, err)
		}
		if err := durable.WriteFile(p, files[name], 0o644); err != nil {
			return fmt.Errorf("grafana: write %s: %w", p, err)
		}
	}
	stale, err := filepath.Glob(filepath.Join(dir, dirDashboards, "setara-*.json"))
	if err != nil {
		return fmt.Errorf("grafana: list %s: %w", filepath.Join(dir, dirDashboards), err)
	}
	for _, p := range stale {
		if _, ok := files[dirDashboards+"/"+filepath.Base(p)]; !ok {
			if err := os.Remove(p); err != nil {
				return fmt.Errorf("grafana: remove stale %s: %w", p, err)
			}
		}
	}
	return nil
}

// SortedNames returns the paths of files in sorted order.
func SortedNames(files map[string][]byte) []string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// dashboardJSON is the dashboard as Grafana JSON with sorted keys, two-space indentation,
// unescaped <, > and & (PromQL comparisons stay readable) and a final newline.
func dashboardJSON(d Dashboard) ([]byte, error) {
	raw, err := json.Marshal(d.Model)
	if err != nil {
		return nil, err
	}
	// Decoding into maps and encoding again sorts every object's keys; UseNumber keeps numbers
	// exactly as the SDK wrote them.
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// render executes an embedded template. quote writes a YAML double-quoted scalar (a JSON
// string is one), so option values cannot break the YAML structure.
func render(name string, data any) ([]byte, error) {
	t, err := template.New(name).
		Option("missingkey=error").
		Funcs(template.FuncMap{"quote": func(s string) (string, error) {
			b, err := json.Marshal(s)
			return string(b), err
		}}).
		ParseFS(templateFS, "templates/"+name)
	if err != nil {
		return nil, fmt.Errorf("grafana: template %s: %w", name, err)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return nil, fmt.Errorf("grafana: template %s: %w", name, err)
	}
	return buf.Bytes(), nil
}
