package promtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/setara-pug/setara/dashboards/grafana"
)

// Tools the integration tests need; they fail (not skip) when one is missing.
const (
	prometheusBin = "/usr/bin/prometheus"
	promtoolBin   = "/usr/bin/promtool"
)

func requireTool(t *testing.T, path string) {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: needs Prometheus; the full run (./scripts/test) fails without it")
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("%s is required by this integration test (apt-get install prometheus): %v", path, err)
	}
}

// freeAddr returns a loopback address with a port that was free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// start runs a long-lived process, in the directory of logPath, until the test ends; its
// output goes to logPath, which is printed if the test fails.
func start(t *testing.T, logPath, name string, args ...string) {
	t.Helper()
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(name, args...)
	cmd.Dir = filepath.Dir(logPath)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		logFile.Close()
		if t.Failed() {
			b, _ := os.ReadFile(logPath)
			t.Logf("%s %s output (last 4000 bytes):\n%s", name, strings.Join(args, " "), tail(b, 4000))
		}
	})
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

// run runs a command to completion and fails the test on a non-zero exit.
func run(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// waitFor polls cond every 200 ms until it returns nil or the limit passes; the limit only
// bounds a hang, it is not what the test asserts.
func waitFor(t *testing.T, what string, limit time.Duration, cond func() error) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		err := cond()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting %v for %s: %v", limit, what, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// promAPI is a small client for Prometheus's HTTP API.
type promAPI struct {
	base string
	http *http.Client
}

func newPromAPI(addr string) *promAPI {
	return &promAPI{base: "http://" + addr, http: &http.Client{Timeout: 10 * time.Second}}
}

// getBody GETs url with client and returns the status code and the whole body.
func getBody(ctx context.Context, client *http.Client, url string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, body, err
}

func (p *promAPI) get(ctx context.Context, path string, params url.Values, data any) error {
	status, body, err := getBody(ctx, p.http, p.base+path+"?"+params.Encode())
	if err != nil {
		return err
	}
	var env struct {
		Status    string          `json:"status"`
		ErrorType string          `json:"errorType"`
		Error     string          `json:"error"`
		Data      json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return fmt.Errorf("%s: HTTP %d: %s", path, status, tail(body, 300))
	}
	if env.Status != "success" {
		return fmt.Errorf("%s: %s: %s", path, env.ErrorType, env.Error)
	}
	return json.Unmarshal(env.Data, data)
}

// query evaluates expr now and returns the number of series (or 1 for a scalar) and the
// sample values.
func (p *promAPI) query(ctx context.Context, expr string) ([]float64, error) {
	var data struct {
		ResultType string          `json:"resultType"`
		Result     json.RawMessage `json:"result"`
	}
	if err := p.get(ctx, "/api/v1/query", url.Values{"query": {expr}}, &data); err != nil {
		return nil, err
	}
	parse := func(raw json.RawMessage) (float64, error) {
		var pair [2]any
		if err := json.Unmarshal(raw, &pair); err != nil {
			return 0, err
		}
		s, _ := pair[1].(string)
		return strconv.ParseFloat(s, 64)
	}
	switch data.ResultType {
	case "vector":
		var vec []struct {
			Value json.RawMessage `json:"value"`
		}
		if err := json.Unmarshal(data.Result, &vec); err != nil {
			return nil, err
		}
		values := make([]float64, 0, len(vec))
		for _, s := range vec {
			v, err := parse(s.Value)
			if err != nil {
				return nil, err
			}
			values = append(values, v)
		}
		return values, nil
	case "scalar":
		v, err := parse(data.Result)
		return []float64{v}, err
	}
	return nil, fmt.Errorf("unexpected result type %q", data.ResultType)
}

// labelValues returns the values label takes in the series matching selector, as Grafana's
// label_values(selector, label) does (through /api/v1/series).
func (p *promAPI) labelValues(ctx context.Context, selector, label string) ([]string, error) {
	var series []map[string]string
	now := time.Now()
	params := url.Values{
		"match[]": {selector},
		"start":   {strconv.FormatInt(now.Add(-time.Hour).Unix(), 10)},
		"end":     {strconv.FormatInt(now.Add(time.Minute).Unix(), 10)}, // the last sample may be in this second
	}
	if err := p.get(ctx, "/api/v1/series", params, &series); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var values []string
	for _, s := range series {
		if v, ok := s[label]; ok && !seen[v] {
			seen[v] = true
			values = append(values, v)
		}
	}
	return values, nil
}

var (
	labelValuesQuery = regexp.MustCompile(`^label_values\((.+), ([a-zA-Z_][a-zA-Z0-9_]*)\)$`)
	variableRef      = regexp.MustCompile(`\$\{([a-zA-Z_][a-zA-Z0-9_]*)\}|\$([a-zA-Z_][a-zA-Z0-9_]*)`)
	regexSpecial     = regexp.MustCompile(`[$^*{}\[\]'+?.()|]`)
)

// substitute replaces $name and ${name} with the variable values, escaping values of multi
// and include-all variables the way Grafana's Prometheus datasource does (they are used
// with =~). An undefined variable is an error.
func substitute(s string, vars map[string]string, regexVars map[string]bool) (string, error) {
	var missing []string
	out := variableRef.ReplaceAllStringFunc(s, func(ref string) string {
		m := variableRef.FindStringSubmatch(ref)
		name := m[1] + m[2]
		v, ok := vars[name]
		if !ok {
			missing = append(missing, name)
			return ref
		}
		if regexVars[name] {
			v = strings.ReplaceAll(v, `\`, `\\\\`)
			v = regexSpecial.ReplaceAllString(v, `\\$0`)
		}
		return v
	})
	if len(missing) > 0 {
		return "", fmt.Errorf("undefined variables %q", missing)
	}
	return out, nil
}

// sortValues orders variable values like Grafana's VariableSort.
func sortValues(values []string, order int) {
	num := func(s string) float64 {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return math.Inf(1)
		}
		return f
	}
	switch order {
	case 1, 5, 7:
		sort.Strings(values)
	case 2, 6, 8:
		sort.Sort(sort.Reverse(sort.StringSlice(values)))
	case 3:
		sort.SliceStable(values, func(i, j int) bool { return num(values[i]) < num(values[j]) })
	case 4:
		sort.SliceStable(values, func(i, j int) bool { return num(values[i]) > num(values[j]) })
	}
}

// resolve sets the dashboard's variables as Grafana does when the dashboard opens: in order,
// each query variable from label_values with the earlier variables substituted, taking its
// current value when Prometheus offers it and otherwise the first value in sort order. fixed
// pins custom variables to one of their options.
func resolve(ctx context.Context, api *promAPI, d grafana.Dashboard, fixed map[string]string) (map[string]string, map[string]bool, error) {
	vars := map[string]string{}
	regexVars := map[string]bool{}
	for _, v := range d.Variables() {
		if v.Multi || v.IncludeAll {
			regexVars[v.Name] = true
		}
		switch v.Type {
		case "custom":
			value, ok := fixed[v.Name]
			if !ok {
				value = v.Current
			}
			vars[v.Name] = value
		case "query":
			m := labelValuesQuery.FindStringSubmatch(v.Query)
			if m == nil {
				return nil, nil, fmt.Errorf("variable %s: cannot evaluate %q", v.Name, v.Query)
			}
			selector, err := substitute(m[1], vars, regexVars)
			if err != nil {
				return nil, nil, fmt.Errorf("variable %s: %w", v.Name, err)
			}
			values, err := api.labelValues(ctx, selector, m[2])
			if err != nil {
				return nil, nil, fmt.Errorf("variable %s: %s: %w", v.Name, selector, err)
			}
			if len(values) == 0 {
				return nil, nil, fmt.Errorf("variable %s: label_values(%s, %s) is empty", v.Name, selector, m[2])
			}
			sortValues(values, v.Sort)
			value := values[0]
			if slices.Contains(values, v.Current) {
				value = v.Current
			}
			vars[v.Name] = value
		default:
			return nil, nil, fmt.Errorf("variable %s: type %q not handled", v.Name, v.Type)
		}
	}
	return vars, regexVars, nil
}

// scenarios are the selections to evaluate a dashboard under: the defaults, plus each other
// option of every custom variable (their values are fixed in the dashboard, not data).
func scenarios(d grafana.Dashboard) []map[string]string {
	out := []map[string]string{{}}
	for _, v := range d.Variables() {
		if v.Type != "custom" {
			continue
		}
		for _, o := range v.Options {
			if o != v.Current {
				out = append(out, map[string]string{v.Name: o})
			}
		}
	}
	return out
}

// checkDashboards evaluates every target of every panel of every dashboard and fails on an
// error, an empty result or a NaN. It returns how many expressions it evaluated.
func checkDashboards(t *testing.T, api *promAPI) int {
	t.Helper()
	ctx := context.Background()
	dashboards, err := grafana.Dashboards()
	if err != nil {
		t.Fatal(err)
	}
	evaluated := 0
	for _, d := range dashboards {
		for _, fixed := range scenarios(d) {
			vars, regexVars, err := resolve(ctx, api, d, fixed)
			if err != nil {
				t.Errorf("%s %v: %v", d.UID(), fixed, err)
				continue
			}
			t.Logf("%s: variables %v", d.UID(), vars)
			for _, p := range d.Panels() {
				for _, tg := range p.Targets {
					expr, err := substitute(tg.Expr, vars, regexVars)
					if err != nil {
						t.Errorf("%s / %s / %s: %v", d.UID(), p.Title, tg.RefID, err)
						continue
					}
					values, err := api.query(ctx, expr)
					evaluated++
					switch {
					case err != nil:
						t.Errorf("%s / %s / %s: %s: %v", d.UID(), p.Title, tg.RefID, expr, err)
					case len(values) == 0:
						t.Errorf("%s / %s / %s: empty result for %s (variables %v)", d.UID(), p.Title, tg.RefID, expr, vars)
					case slices.ContainsFunc(values, math.IsNaN):
						t.Errorf("%s / %s / %s: NaN in %v for %s", d.UID(), p.Title, tg.RefID, values, expr)
					}
				}
			}
		}
	}
	return evaluated
}

// writeTree writes the generated tree for a setara at target, checks it with promtool and
// returns the Prometheus config path.
func writeTree(t *testing.T, dir, target string) string {
	t.Helper()
	if err := grafana.Write(dir, grafana.Options{Target: target, ScrapeInterval: "1s"}); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "prometheus", "prometheus.yml")
	rules := filepath.Join(dir, "prometheus", "setara-alerts.yml")
	run(t, dir, promtoolBin, "check", "config", cfg)
	run(t, dir, promtoolBin, "check", "rules", rules)
	// The rules' own unit tests: each alert fires exactly when it should.
	unit, err := os.ReadFile(filepath.Join("testdata", "setara-alerts_test.yml"))
	if err != nil {
		t.Fatal(err)
	}
	unitPath := filepath.Join(dir, "prometheus", "setara-alerts_test.yml")
	if err := os.WriteFile(unitPath, unit, 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, dir, promtoolBin, "test", "rules", unitPath)
	return cfg
}

// startPrometheus runs prometheus on a free loopback port with cfg and waits until the setara
// target has been scraped successfully.
func startPrometheus(t *testing.T, tmp, cfg string) *promAPI {
	t.Helper()
	addr := freeAddr(t)
	start(t, filepath.Join(tmp, "prometheus.log"), prometheusBin,
		"--config.file="+cfg,
		"--storage.tsdb.path="+filepath.Join(tmp, "tsdb"),
		"--web.listen-address="+addr,
	)
	api := newPromAPI(addr)
	waitFor(t, "the first successful scrape of job setara", 90*time.Second, func() error {
		var targets struct {
			ActiveTargets []struct {
				Labels    map[string]string `json:"labels"`
				Health    string            `json:"health"`
				LastError string            `json:"lastError"`
			} `json:"activeTargets"`
		}
		if err := api.get(context.Background(), "/api/v1/targets", url.Values{}, &targets); err != nil {
			return err
		}
		for _, tg := range targets.ActiveTargets {
			if tg.Labels["job"] == "setara" {
				if tg.Health != "up" {
					return fmt.Errorf("target health %q %s", tg.Health, tg.LastError)
				}
				// The target turns "up" as its first scrape is appended, which a query may not
				// see yet on a loaded machine (seen once: every series of the first dashboard
				// was missing). Wait until the scrape's samples answer a query.
				values, err := api.query(context.Background(), "setara_snapshot_info")
				if err != nil || len(values) == 0 {
					return fmt.Errorf("setara_snapshot_info not queryable yet: %v", err)
				}
				return nil
			}
		}
		return fmt.Errorf("no setara target in %+v", targets.ActiveTargets)
	})
	return api
}

// checkAlerts waits for the setara rule group to be evaluated after since (a time after the
// first scrape) and requires it healthy with no alert pending or firing: a freshly
// published, reachable setara is in no alert state.
func checkAlerts(t *testing.T, api *promAPI, since time.Time) {
	t.Helper()
	ctx := context.Background()
	waitFor(t, "the setara rule group to be evaluated after the first scrape", 60*time.Second, func() error {
		var rules struct {
			Groups []struct {
				Name  string `json:"name"`
				Rules []struct {
					Name           string `json:"name"`
					Health         string `json:"health"`
					LastError      string `json:"lastError"`
					LastEvaluation string `json:"lastEvaluation"`
				} `json:"rules"`
			} `json:"groups"`
		}
		if err := api.get(ctx, "/api/v1/rules", url.Values{}, &rules); err != nil {
			return err
		}
		for _, g := range rules.Groups {
			if g.Name != "setara" {
				continue
			}
			if len(g.Rules) != 6 {
				t.Fatalf("setara rule group has %d rules, want 6", len(g.Rules))
			}
			for _, r := range g.Rules {
				if r.Health != "ok" {
					return fmt.Errorf("rule %s health %q %s", r.Name, r.Health, r.LastError)
				}
				last, err := time.Parse(time.RFC3339Nano, r.LastEvaluation)
				if err != nil || !last.After(since) {
					return fmt.Errorf("rule %s last evaluated %q, not after %v", r.Name, r.LastEvaluation, since)
				}
			}
			return nil
		}
		return fmt.Errorf("no setara rule group yet")
	})
	var alerts struct {
		Alerts []struct {
			Labels map[string]string `json:"labels"`
			State  string            `json:"state"`
		} `json:"alerts"`
	}
	if err := api.get(ctx, "/api/v1/alerts", url.Values{}, &alerts); err != nil {
		t.Fatal(err)
	}
	for _, a := range alerts.Alerts {
		t.Errorf("alert %s is %s for a healthy setara: %v", a.Labels["alertname"], a.State, a.Labels)
	}
}
