package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/setara-pug/setara/pipeline/snapshot"
	"github.com/setara-pug/setara/pipeline/snapshot/snapshottest"
)

// fixed "now" for tests: one hour after fixture.sql's published_at (2024-01-02 03:04:05Z).
var fixtureNow = time.Date(2024, 1, 2, 4, 4, 5, 0, time.UTC)

const (
	viewerToken  = "viewer-token-0123456789"
	analystToken = "analyst-token-0123456789"
	adminToken   = "admin-token-0123456789"
)

var testTokens = []Token{
	{Role: RoleViewer, Value: viewerToken, Name: "vera"},
	{Role: RoleAnalyst, Value: analystToken, Name: "ana"},
	{Role: RoleAdmin, Value: adminToken, Name: "adi"},
}

type fixture struct {
	w     *snapshottest.Warehouse
	store *snapshot.Store
	srv   *Server
	logs  *bytes.Buffer
}

// newFixture publishes the fixture snapshot (unless empty) and builds a server on it.
func newFixture(t testing.TB, opts Options, publish bool) *fixture {
	t.Helper()
	w := snapshottest.NewWarehouse(t)
	store := snapshot.NewStore(w.Dir, snapshot.StoreOptions{})
	t.Cleanup(func() { store.Close() })
	if publish {
		w.Publish(1)
		if _, err := store.Refresh(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	logs := &bytes.Buffer{}
	opts.Logger = slog.New(slog.NewTextHandler(logs, nil))
	if opts.Now == nil {
		opts.Now = func() time.Time { return fixtureNow }
	}
	srv, err := New(store, opts)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{w: w, store: store, srv: srv, logs: logs}
}

type call struct {
	method, path, token, body string
	header                    map[string]string
}

func (f *fixture) do(t *testing.T, c call) *httptest.ResponseRecorder {
	t.Helper()
	return serveCall(f.srv, c, "")
}

// serveCall sends c (a GET unless c.method says otherwise) to srv's handler, with the token
// cookie when cookie is not empty, and returns the recorded answer.
func serveCall(srv *Server, c call, cookie string) *httptest.ResponseRecorder {
	if c.method == "" {
		c.method = http.MethodGet
	}
	req := httptest.NewRequest(c.method, c.path, strings.NewReader(c.body))
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if cookie != "" {
		req.AddCookie(&http.Cookie{Name: tokenCookie, Value: cookie})
	}
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, req)
	return rec
}

func queryBody(sql string, params ...any) string {
	b, _ := json.Marshal(map[string]any{"sql": sql, "params": params})
	return string(b)
}

func errorOf(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	var e struct{ Error string }
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error == "" || strings.Contains(e.Error, "\n") {
		t.Errorf("error body %q: want {\"error\": one line}", rec.Body.String())
	}
	return e.Error
}

func TestQueryAnswersJSONCSVAndArrow(t *testing.T) {
	f := newFixture(t, Options{}, true)
	body := queryBody("SELECT region_code, year, value FROM gender_index WHERE index_code = ? ORDER BY region_code, year", "ipg")

	rec := f.do(t, call{method: "POST", path: "/api/query", body: body, header: map[string]string{"Accept": "application/json"}})
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("JSON: %d %s %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
	wantJSON := `{"columns":["region_code","year","value"],"rows":[["1275",2022,94.5],["1275",2023,94.75],["1275010",2023,null]],"truncated":false,"snapshot":"run-000001"}` + "\n"
	if rec.Body.String() != wantJSON {
		t.Errorf("JSON body:\n%s\nwant:\n%s", rec.Body, wantJSON)
	}
	if rec.Header().Get("X-Setara-Snapshot") != "run-000001" || rec.Header().Get("X-Setara-Truncated") != "false" {
		t.Errorf("headers %v", rec.Header())
	}

	rec = f.do(t, call{method: "POST", path: "/api/query", body: body, header: map[string]string{"Accept": "text/csv"}})
	wantCSV := "region_code,year,value\n1275,2022,94.5\n1275,2023,94.75\n1275010,2023,\n"
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") || rec.Body.String() != wantCSV {
		t.Errorf("CSV: %d %s\n%s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}

	rec = f.do(t, call{method: "POST", path: "/api/query", body: body, header: map[string]string{"Accept": "application/vnd.apache.arrow.stream"}})
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/vnd.apache.arrow.stream" {
		t.Fatalf("Arrow: %d %s %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
	rd, err := ipc.NewReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Release()
	var got []string
	for rd.Next() {
		rec := rd.RecordBatch()
		codes := rec.Column(0).(*array.String)
		years := rec.Column(1).(*array.Int32)
		values := rec.Column(2).(*array.Float64)
		for i := 0; i < int(rec.NumRows()); i++ {
			v := "null"
			if values.IsValid(i) {
				v = strings.TrimRight(strings.TrimRight(jsonNum(values.Value(i)), "0"), ".")
			}
			got = append(got, codes.Value(i)+"/"+jsonNum(float64(years.Value(i)))+"/"+v)
		}
	}
	if rd.Err() != nil {
		t.Fatal(rd.Err())
	}
	if strings.Join(got, " ") != "1275/2022/94.5 1275/2023/94.75 1275010/2023/null" {
		t.Errorf("Arrow rows %v", got)
	}
}

func jsonNum(f float64) string { b, _ := json.Marshal(f); return string(b) }

func TestQueryRefusalsAreOneLine4xx(t *testing.T) {
	f := newFixture(t, Options{QueryTimeout: 200 * time.Millisecond}, true)
	for _, tc := range []struct {
		body   string
		status int
	}{
		{queryBody("SELECT 1; SELECT 2"), 400},
		{queryBody("COPY region TO '/tmp/x.csv'"), 400},
		{queryBody("ATTACH '/tmp/x.duckdb' AS x"), 400},
		{queryBody("INSTALL httpfs"), 400},
		{queryBody("CREATE TABLE x (a INT)"), 400},
		{queryBody("PRAGMA database_list"), 400},
		{queryBody("SET threads = 1"), 400},
		{queryBody("SELECT * FROM read_csv('/etc/passwd')"), 400},
		{queryBody("SELECT * FROM read_text('/etc/passwd')"), 400},
		{queryBody("FROM '/etc/passwd'"), 400},
		{`{"sql": "SELECT 1", "parms": []}`, 400},
		{`not json`, 400},
		{queryBody("SELECT ?", []int{1}), 400},
		{queryBody("SELECT nope FROM region"), 422},
		{queryBody("SELECT count(*) FROM range(100000000) a, range(100000000) b WHERE a.range + b.range = -1"), 408},
	} {
		rec := f.do(t, call{method: "POST", path: "/api/query", body: tc.body})
		if rec.Code != tc.status {
			t.Errorf("%s: %d %s, want %d", tc.body, rec.Code, rec.Body, tc.status)
			continue
		}
		errorOf(t, rec)
	}
	// A ';' inside a literal or a comment is one statement.
	rec := f.do(t, call{method: "POST", path: "/api/query", body: queryBody("SELECT ';' AS s -- ; DROP TABLE region")})
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"rows":[[";"]]`) {
		t.Errorf("semicolon in literal: %d %s", rec.Code, rec.Body)
	}
}

func TestQueryTruncationIsReported(t *testing.T) {
	f := newFixture(t, Options{MaxRows: 2}, true)
	for _, accept := range []string{"application/json", "text/csv", "application/vnd.apache.arrow.stream"} {
		rec := f.do(t, call{method: "POST", path: "/api/query", body: queryBody("SELECT * FROM range(5)"), header: map[string]string{"Accept": accept}})
		if rec.Code != 200 || rec.Header().Get("X-Setara-Truncated") != "true" {
			t.Errorf("%s: %d truncated header %q", accept, rec.Code, rec.Header().Get("X-Setara-Truncated"))
		}
		if accept == "application/json" && !strings.Contains(rec.Body.String(), `"rows":[[0],[1]],"truncated":true`) {
			t.Errorf("JSON body %s", rec.Body)
		}
	}
}

func TestQueryIsLoggedWithoutTokenOrSQL(t *testing.T) {
	f := newFixture(t, Options{Tokens: testTokens}, true)
	rec := f.do(t, call{method: "POST", path: "/api/query", token: analystToken, body: queryBody("SELECT 'secret-literal' FROM range(3)")})
	if rec.Code != 200 {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	logs := f.logs.String()
	// sha256("SELECT 'secret-literal' FROM range(3)")[:12]
	if !regexp.MustCompile(`msg=query who=ana sql_sha256=[0-9a-f]{12} snapshot=run-000001 outcome=ok rows=3 duration=`).MatchString(logs) {
		t.Errorf("log line missing or malformed:\n%s", logs)
	}
	if strings.Contains(logs, analystToken) || strings.Contains(logs, "secret-literal") {
		t.Errorf("log leaks the token or the SQL:\n%s", logs)
	}
}

func TestRolesAndTokens(t *testing.T) {
	refreshed := 0
	f := newFixture(t, Options{Tokens: testTokens, Refresh: func(context.Context) error { refreshed++; return nil }}, true)
	q := queryBody("SELECT 1")
	for _, tc := range []struct {
		c      call
		status int
	}{
		{call{path: "/healthz"}, 200},
		{call{path: "/api/indices"}, 401},
		{call{path: "/api/indices", token: "wrong-token-0123456789"}, 401},
		{call{path: "/api/indices", token: viewerToken}, 200},
		{call{path: "/api/indicators", token: viewerToken}, 200},
		{call{path: "/metrics"}, 401},
		{call{path: "/metrics", token: viewerToken}, 200},
		{call{path: "/"}, 401},
		{call{method: "POST", path: "/api/query", body: q}, 401},
		{call{method: "POST", path: "/api/query", body: q, token: viewerToken}, 403},
		{call{method: "POST", path: "/api/query", body: q, token: analystToken}, 200},
		{call{method: "POST", path: "/api/query", body: q, token: adminToken}, 200},
		{call{method: "POST", path: "/api/refresh", token: analystToken}, 403},
		{call{method: "POST", path: "/api/refresh", token: adminToken}, 200},
		{call{path: "/api/nope", token: viewerToken}, 404},
	} {
		rec := f.do(t, tc.c)
		if rec.Code != tc.status {
			t.Errorf("%s %s token %q: %d %s, want %d", tc.c.method, tc.c.path, tc.c.token, rec.Code, rec.Body, tc.status)
		}
		if rec.Code == 401 && rec.Header().Get("WWW-Authenticate") == "" {
			t.Errorf("%s: 401 without WWW-Authenticate", tc.c.path)
		}
	}
	if refreshed != 1 {
		t.Errorf("Refresh ran %d times, want 1", refreshed)
	}
}

func TestNoTokensLoopbackOnlyAndAnalyst(t *testing.T) {
	store := snapshot.NewStore(t.TempDir(), snapshot.StoreOptions{})
	for _, addr := range []string{"0.0.0.0:8080", ":8080", "192.168.1.5:80", "[::]:8080"} {
		if _, err := New(store, Options{Addr: addr}); err == nil {
			t.Errorf("New(%s) without tokens succeeded", addr)
		}
	}
	for _, addr := range []string{"127.0.0.1:8080", "[::1]:8080", "localhost:0"} {
		if _, err := New(store, Options{Addr: addr}); err != nil {
			t.Errorf("New(%s): %v", addr, err)
		}
	}
	if _, err := New(store, Options{Addr: "0.0.0.0:8080", Tokens: testTokens}); err != nil {
		t.Errorf("New(0.0.0.0) with tokens: %v", err)
	}
	f := newFixture(t, Options{}, true)
	if rec := f.do(t, call{method: "POST", path: "/api/query", body: queryBody("SELECT 1")}); rec.Code != 200 {
		t.Errorf("local query: %d", rec.Code)
	}
	if rec := f.do(t, call{method: "POST", path: "/api/refresh"}); rec.Code != 403 {
		t.Errorf("local refresh: %d, want 403 (analyst)", rec.Code)
	}
}

func TestRefreshWithoutEngineIs501(t *testing.T) {
	f := newFixture(t, Options{Tokens: testTokens}, true)
	rec := f.do(t, call{method: "POST", path: "/api/refresh", token: adminToken})
	if rec.Code != 501 {
		t.Errorf("%d, want 501", rec.Code)
	}
	errorOf(t, rec)
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	f := newFixture(t, Options{Tokens: testTokens}, true)
	for _, c := range []call{
		{path: "/healthz"},
		{path: "/api/indices"},
		{path: "/api/indices", token: viewerToken},
		{path: "/metrics", token: viewerToken},
		{path: "/nope", token: viewerToken},
		{method: "POST", path: "/api/query", token: viewerToken},
	} {
		rec := f.do(t, c)
		h := rec.Header()
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "script-src 'self' 'unsafe-inline'") ||
			h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "DENY" ||
			h.Get("Referrer-Policy") != "no-referrer" || h.Get("X-Setara-Snapshot") != "run-000001" {
			t.Errorf("%s (%d): headers %v", c.path, rec.Code, h)
		}
	}
}

func TestCrossSitePostsAreRefused(t *testing.T) {
	f := newFixture(t, Options{}, true)
	body := queryBody("SELECT 1")
	for _, tc := range []struct {
		header map[string]string
		status int
	}{
		{map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{map[string]string{"Sec-Fetch-Site": "same-site"}, 403},
		{map[string]string{"Origin": "https://evil.example"}, 403},
		{map[string]string{"Sec-Fetch-Site": "same-origin"}, 200},
		{map[string]string{"Origin": "http://example.com"}, 200}, // httptest's Host is example.com
		{nil, 200}, // curl, scripts
	} {
		rec := f.do(t, call{method: "POST", path: "/api/query", body: body, header: tc.header})
		if rec.Code != tc.status {
			t.Errorf("%v: %d %s, want %d", tc.header, rec.Code, rec.Body, tc.status)
		}
	}
}

func TestHealthz(t *testing.T) {
	now := fixtureNow
	f := newFixture(t, Options{MaxAge: 2 * time.Hour, Now: func() time.Time { return now }}, false)
	rec := f.do(t, call{path: "/healthz"})
	if rec.Code != 503 || !strings.Contains(rec.Body.String(), `"status":"no snapshot"`) {
		t.Errorf("before publish: %d %s", rec.Code, rec.Body)
	}
	f.w.Publish(1)
	if _, err := f.store.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	rec = f.do(t, call{path: "/healthz"})
	if want := `{"snapshot":"run-000001","age_seconds":3600,"status":"ok"}` + "\n"; rec.Code != 200 || rec.Body.String() != want {
		t.Errorf("after publish: %d %s, want 200 %s", rec.Code, rec.Body, want)
	}
	now = now.Add(3 * time.Hour)
	rec = f.do(t, call{path: "/healthz"})
	if want := `{"snapshot":"run-000001","age_seconds":14400,"status":"stale"}` + "\n"; rec.Code != 503 || rec.Body.String() != want {
		t.Errorf("stale: %d %s, want 503 %s", rec.Code, rec.Body, want)
	}
}

func TestReadAPIsFilterAndFormat(t *testing.T) {
	f := newFixture(t, Options{}, true)
	rec := f.do(t, call{path: "/api/indices?region=1275&year=2023"})
	want := `{"columns":["region_code","region_name","year","index_code","value","complete","approximate","note"],"rows":[` +
		`["1275","Kota Medan",2023,"ikg",0.125,true,true,"approximated from survey"],` +
		`["1275","Kota Medan",2023,"ipg",94.75,true,false,null]],"truncated":false,"snapshot":"run-000001"}` + "\n"
	if rec.Code != 200 || rec.Body.String() != want {
		t.Errorf("indices: %d\n%s\nwant\n%s", rec.Code, rec.Body, want)
	}
	rec = f.do(t, call{path: "/api/indicators?indicator=life_expectancy&sex=p&format=csv"})
	wantCSV := "region_code,region_name,year,indicator,sex,value,unit,source,n_unweighted,reliable,origin,band,se,rse,ci_low,ci_high,n_effective,n_missing\n" +
		"1275,Kota Medan,2022,life_expectancy,P,75.1,years,BPS,,true,published,publish,,,,,,\n" +
		"1275,Kota Medan,2023,life_expectancy,P,75.3,years,BPS,,true,published,publish,,,,,,\n"
	if rec.Code != 200 || rec.Body.String() != wantCSV || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") {
		t.Errorf("indicators CSV: %d\n%s\nwant\n%s", rec.Code, rec.Body, wantCSV)
	}
	rec = f.do(t, call{path: "/api/indicators?year=2023", header: map[string]string{"Accept": "text/csv"}})
	if rec.Code != 200 || strings.Count(rec.Body.String(), "\n") != 6 {
		t.Errorf("indicators 2023 by Accept: %d\n%s", rec.Code, rec.Body)
	}
	// A survey estimate BPS would not publish keeps its row and band but no value; a caution
	// estimate keeps its value, band and standard error.
	rec = f.do(t, call{path: "/api/indicators?region=1275010&format=csv"})
	for _, want := range []string{
		",2023,birth_outside_facility,P,,proportion,survey,35,false,microdata,suppress,0,,0,0,35,1\n",
		",2023,labour_force_participation,L,80.25,percent,survey,398,true,microdata,caution,29,0.361,23.41,137.09,20.1,0\n",
	} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("indicators of 1275010 lack %q:\n%s", want, rec.Body)
		}
	}
	for _, path := range []string{"/api/indices?year=abc", "/api/indices?regoin=1275", "/api/indicators?sex=X", "/api/indices?format=xml"} {
		rec := f.do(t, call{path: path})
		if rec.Code != 400 {
			t.Errorf("%s: %d, want 400", path, rec.Code)
		}
		errorOf(t, rec)
	}
	if rec := f.do(t, call{path: "/api/indices", header: map[string]string{"Accept": "image/png"}}); rec.Code != 406 {
		t.Errorf("Accept image/png: %d, want 406", rec.Code)
	}
}

func TestMetricsCacheAndRegistry(t *testing.T) {
	reg := prometheus.NewRegistry()
	g := prometheus.NewGauge(prometheus.GaugeOpts{Name: "setara_refresh_last_success_timestamp_seconds", Help: "Last successful refresh."})
	reg.MustRegister(g)
	g.Set(1700000000)
	f := newFixture(t, Options{Registry: reg}, true)
	rec := f.do(t, call{path: "/metrics"})
	body := rec.Body.String()
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("%d %s", rec.Code, rec.Header())
	}
	if !strings.Contains(body, `setara_gender_index{index="ipg",region="1275",region_name="Kota Medan",year="2022"} 94.5`) ||
		!strings.Contains(body, "setara_refresh_last_success_timestamp_seconds 1.7e+09") {
		t.Errorf("exposition:\n%s", body)
	}
	// The next snapshot drops 2022: its series must disappear, nothing stale survives.
	f.w.Exec("DELETE FROM published.gender_index WHERE year = 2022")
	f.w.Publish(2)
	if _, err := f.store.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	body = f.do(t, call{path: "/metrics"}).Body.String()
	if strings.Contains(body, `year="2022"} 94.5`) || !strings.Contains(body, `year="2023"} 94.75`) {
		t.Errorf("after switch:\n%s", body)
	}
}

// TestSnapshotSwitchKeepsRequestsInFlight holds a request on run 1 while run 2 is published:
// new requests see run 2, the held one finishes on run 1.
func TestSnapshotSwitchKeepsRequestsInFlight(t *testing.T) {
	f := newFixture(t, Options{}, true)
	started, proceed := make(chan struct{}), make(chan struct{})
	type answer struct {
		header string
		value  float64
		err    error
	}
	done := make(chan answer)
	slow := f.srv.holdSnapshot(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-proceed
		var v float64
		err := snapshot.ReaderFrom(r.Context()).DB.QueryRowContext(r.Context(), "SELECT value FROM gender_index WHERE index_code = 'ikg'").Scan(&v)
		done <- answer{w.Header().Get("X-Setara-Snapshot"), v, err}
	}))
	go slow.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/slow", nil))
	<-started

	f.w.Exec("UPDATE published.gender_index SET value = 0.5 WHERE index_code = 'ikg'")
	f.w.Publish(2)
	if switched, err := f.store.Refresh(context.Background()); !switched || err != nil {
		t.Fatalf("Refresh = %v, %v", switched, err)
	}
	rec := f.do(t, call{method: "POST", path: "/api/query", body: queryBody("SELECT value FROM gender_index WHERE index_code = 'ikg'")})
	if rec.Header().Get("X-Setara-Snapshot") != "run-000002" || !strings.Contains(rec.Body.String(), `"rows":[[0.5]]`) {
		t.Errorf("new request: %s %s", rec.Header().Get("X-Setara-Snapshot"), rec.Body)
	}
	close(proceed)
	a := <-done
	if a.err != nil || a.header != "run-000001" || a.value != 0.125 {
		t.Errorf("request in flight: snapshot %s value %v err %v, want run-000001 0.125", a.header, a.value, a.err)
	}
}

func TestServeShutsDownOnCancel(t *testing.T) {
	f := newFixture(t, Options{}, true)
	ctx, cancel := context.WithCancel(context.Background())
	ln, err := netListen(t)
	if err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() { errc <- f.srv.Serve(ctx, ln) }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), `"status":"ok"`) {
		t.Errorf("healthz over TCP: %d %s", resp.StatusCode, b)
	}
	cancel()
	if err := <-errc; err != nil {
		t.Errorf("Serve after cancel: %v", err)
	}
}
