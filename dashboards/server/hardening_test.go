package server

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/setara-pug/setara/pipeline/snapshot"
)

// payloads are stored in the data fields the pages show; each must come out escaped.
var payloads = []struct{ update, text string }{
	{"UPDATE published.region SET name = ? WHERE region_code = '1275010'", `<script>alert('region')</script>`},
	{"UPDATE published.region SET name = ? WHERE region_code = '12'", `"><img src=x onerror=alert('parent')>`},
	{"UPDATE published.program_summary SET opd_name = ? WHERE opd_code = '1.02.01'", `=HYPERLINK("http://evil.example","opd")<img src=x onerror=alert('opd')>`},
	{"UPDATE published.opd_ranking SET opd_name = ? WHERE opd_code = '1.02.01'", `=HYPERLINK("http://evil.example","opd")<img src=x onerror=alert('opd')>`},
	{"UPDATE published.indicator_value SET source = ? WHERE indicator = 'life_expectancy'", `<iframe src=javascript:alert('source')></iframe>`},
	{"UPDATE published.indicator_catalog SET name_id = ?, name_en = ? WHERE code = 'life_expectancy'", `<svg onload=alert('indicator')>`},
	{"UPDATE published.index_catalog SET name_id = ?, name_en = ? WHERE index_code = 'ipg'", `<object data=x onerror=alert('index')>`},
	{"UPDATE published.batch SET file_name = ? WHERE batch_id = 1", `"><script>alert('file')</script>.csv`},
	{"UPDATE published.rejected_rows SET value = ? WHERE line = 14", `@SUM(1+1)<style>body{display:none}</style>`},
	{"UPDATE published.run_check SET check_name = ? WHERE check_name = 'small_cells'", `<a href="javascript:alert('check')">x</a>`},
	{"UPDATE published.snapshot_info SET label = ?", `</title><script>alert('label')</script>`},
}

// rawMarkers must never appear unescaped in an HTML page.
var rawMarkers = []string{"<script>alert", "<img src=x", "<iframe", "<svg onload", "<object", "<style>body", `<a href="javascript`, "</title><script"}

// hardFixture is a server over the dashboard's fixture with the payloads, with tokens.
type hardFixture struct {
	srv       *Server
	logs      *bytes.Buffer
	published string
	refreshes int
}

func newHardFixture(t *testing.T) *hardFixture {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	db, err := sql.Open("duckdb", filepath.Join(dir, "warehouse.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// The dashboard's own test fixture: every table the pages read.
	ddl, err := os.ReadFile(filepath.Join("..", "web", "testdata", "fixture.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, string(ddl)); err != nil {
		t.Fatalf("fixture.sql: %v", err)
	}
	for _, p := range payloads {
		args := []any{p.text}
		if strings.Count(p.update, "?") == 2 {
			args = append(args, p.text)
		}
		if _, err := conn.ExecContext(ctx, p.update, args...); err != nil {
			t.Fatalf("%s: %v", p.update, err)
		}
	}
	pub := filepath.Join(dir, "published")
	if err := snapshot.Publish(ctx, conn, pub, snapshot.Name(1), 3); err != nil {
		t.Fatal(err)
	}
	store := snapshot.NewStore(pub, snapshot.StoreOptions{})
	t.Cleanup(func() { store.Close() })
	if _, err := store.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	f := &hardFixture{logs: &bytes.Buffer{}, published: pub}
	srv, err := New(store, Options{
		Tokens:  testTokens,
		Refresh: func(context.Context) error { f.refreshes++; return nil },
		Logger:  slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now:     func() time.Time { return time.Date(2024, 3, 5, 8, 0, 0, 0, time.UTC) },
	})
	if err != nil {
		t.Fatal(err)
	}
	f.srv = srv
	return f
}

func (f *hardFixture) do(t *testing.T, c call, cookie string) *httptest.ResponseRecorder {
	t.Helper()
	return serveCall(f.srv, c, cookie)
}

// pagePaths are every page and download of the dashboard.
var pagePaths = []string{
	"/", "/?lang=en", "/wilayah", "/wilayah?lang=en&sort=name", "/wilayah?indicator=life_expectancy",
	"/indikator", "/indikator?indicator=life_expectancy", "/indikator?indicator=life_expectancy&region=1275010",
	"/program", "/program?lang=en", "/evaluasi", "/evaluasi?lang=en", "/data", "/data?lang=en", "/laporan",
}

var downloadTables = []string{
	"indices", "regions", "indicator", "programs", "target-groups", "opd-ranking",
	"readiness", "opd-evaluation", "evaluation-activities", "findings",
	"stages", "checks", "batches", "rejected", "completeness-summary", "completeness",
}

func checkSecurityHeaders(t *testing.T, what string, h http.Header) {
	t.Helper()
	csp := h.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "'unsafe-inline' 'self'") ||
		strings.Contains(csp, "script-src 'self' 'unsafe") || !strings.Contains(csp, "frame-ancestors 'none'") ||
		!strings.Contains(csp, "object-src 'none'") {
		t.Errorf("%s: CSP %q", what, csp)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "DENY" {
		t.Errorf("%s: nosniff %q, frame options %q", what, h.Get("X-Content-Type-Options"), h.Get("X-Frame-Options"))
	}
}

func TestEveryDataFieldIsEscapedOnEveryPage(t *testing.T) {
	f := newHardFixture(t)
	shown := map[string]bool{} // payloads seen (unescaped text) on some page
	tried := 0
	for _, path := range pagePaths {
		rec := f.do(t, call{path: path, token: viewerToken}, "")
		if rec.Code != 200 {
			t.Errorf("%s: %d %s", path, rec.Code, rec.Body)
			continue
		}
		checkSecurityHeaders(t, path, rec.Header())
		body := rec.Body.String()
		ctype := rec.Header().Get("Content-Type")
		if !strings.HasPrefix(ctype, "text/html") {
			t.Logf("%s: %s (not HTML; checked for raw markers too)", path, ctype)
		}
		for _, m := range rawMarkers {
			tried++
			if strings.Contains(body, m) {
				t.Errorf("%s shows %q unescaped", path, m)
			}
		}
		if strings.Contains(body, "<script") {
			t.Errorf("%s has a script element", path)
		}
		text := html.UnescapeString(body)
		for _, p := range payloads {
			if strings.Contains(text, p.text) {
				shown[p.text] = true
			}
		}
	}
	// Each payload reached a page (else the test would prove nothing about that field).
	for _, p := range payloads {
		if !shown[p.text] && !strings.Contains(p.update, "run_check") && !strings.Contains(p.update, "snapshot_info") &&
			!strings.Contains(p.update, "region_code = '12'") {
			t.Errorf("payload %q (%s) is not on any page", p.text, p.update)
		}
	}

	// Downloads: CSV cells a spreadsheet would read as a formula are quoted with an apostrophe.
	for _, table := range downloadTables {
		path := "/download/" + table + ".csv"
		rec := f.do(t, call{path: path, token: viewerToken}, "")
		if rec.Code != 200 {
			t.Errorf("%s: %d", path, rec.Code)
			continue
		}
		checkSecurityHeaders(t, path, rec.Header())
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Errorf("%s: Content-Type %q", path, ct)
		}
		// Indonesian pages write `;` and end with "# " provenance lines (dashboards/web).
		cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(rec.Body.String(), "\ufeff")))
		cr.Comma, cr.Comment = ';', '#'
		records, err := cr.ReadAll()
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		for _, r := range records {
			for _, cell := range r {
				tried++
				if cell != "" && strings.ContainsRune("=+@\t\r", rune(cell[0])) {
					t.Errorf("%s: cell %q would run as a formula", path, cell)
				}
				if strings.HasPrefix(cell, "-") && !isNumber(cell) {
					t.Errorf("%s: cell %q would run as a formula", path, cell)
				}
				if strings.Contains(cell, "HYPERLINK") && !strings.HasPrefix(cell, `'=HYPERLINK`) {
					t.Errorf("%s: cell %q", path, cell)
				}
			}
		}
	}
	rec := f.do(t, call{path: "/download/programs.csv", token: viewerToken}, "")
	if !strings.Contains(rec.Body.String(), `'=HYPERLINK(""http://evil.example""`) {
		t.Errorf("programs.csv lacks the quoted formula payload:\n%s", rec.Body)
	}

	// JSON APIs escape < and > too.
	for _, path := range []string{"/api/indices", "/api/indicators", "/api/indicators?indicator=life_expectancy"} {
		rec := f.do(t, call{path: path, token: viewerToken}, "")
		tried++
		if rec.Code != 200 || strings.Contains(rec.Body.String(), "<") {
			t.Errorf("%s: %d, raw '<' in %s", path, rec.Code, rec.Body)
		}
		checkSecurityHeaders(t, path, rec.Header())
	}
	rec = f.do(t, call{path: "/api/indicators?indicator=life_expectancy", token: viewerToken}, "")
	if !strings.Contains(rec.Body.String(), `\u003ciframe src=javascript:alert('source')\u003e`) {
		t.Errorf("the source payload is not in /api/indicators: %s", rec.Body)
	}
	rec = f.do(t, call{path: "/metrics", token: viewerToken}, "")
	if ct := rec.Header().Get("Content-Type"); rec.Code != 200 || strings.HasPrefix(ct, "text/html") {
		t.Errorf("/metrics: %d %s", rec.Code, ct)
	}
	t.Logf("%d escape checks over %d pages, %d downloads and 3 API answers", tried, len(pagePaths), len(downloadTables))
}

// isNumber reads a number with a decimal point or, as Indonesian downloads write it, a comma.
func isNumber(s string) bool {
	var v float64
	return json.Unmarshal([]byte(strings.Replace(s, ",", ".", 1)), &v) == nil
}

// TestRoleTable checks every endpoint for every kind of caller.
func TestRoleTable(t *testing.T) {
	f := newHardFixture(t)
	const (
		none   = ""
		wrong  = "wrong-token-0123456789abcdef"
		viewer = viewerToken
		anal   = analystToken
		admin  = adminToken
	)
	callers := []string{none, wrong, viewer, anal, admin}
	q := queryBody("SELECT count(*) FROM region")
	type expect [5]int // statuses for none, wrong, viewer, analyst, admin
	viewerUp := expect{401, 401, 200, 200, 200}
	endpoints := []struct {
		c    call
		want expect
	}{
		{call{path: "/healthz"}, expect{200, 200, 200, 200, 200}},
		{call{path: "/metrics"}, viewerUp},
		{call{path: "/api/indices"}, viewerUp},
		{call{path: "/api/indices?format=csv"}, viewerUp},
		{call{path: "/api/indicators"}, viewerUp},
		{call{method: "POST", path: "/api/query", body: q}, expect{401, 401, 403, 200, 200}},
		{call{method: "POST", path: "/api/refresh"}, expect{401, 401, 403, 403, 200}},
		{call{path: "/"}, viewerUp},
		{call{path: "/wilayah"}, viewerUp},
		{call{path: "/indikator"}, viewerUp},
		{call{path: "/program"}, viewerUp},
		{call{path: "/evaluasi"}, viewerUp},
		{call{path: "/templat/programs.xlsx"}, viewerUp},
		{call{path: "/api/derivation?index=ipg&region=1275&year=2023"}, viewerUp},
		{call{path: "/data"}, viewerUp},
		{call{path: "/laporan"}, viewerUp},
		{call{path: "/download/indices.csv"}, viewerUp},
		{call{path: "/download/programs.xlsx"}, viewerUp},
		{call{path: "/static/style.css"}, viewerUp},
		{call{path: "/nope"}, expect{401, 401, 404, 404, 404}},
		{call{path: "/api/nope"}, expect{404, 404, 404, 404, 404}},
		{call{method: "GET", path: "/api/query"}, expect{404, 404, 404, 404, 404}},
		{call{method: "DELETE", path: "/api/refresh"}, expect{404, 404, 404, 404, 404}},
		{call{method: "POST", path: "/"}, expect{401, 401, 404, 404, 404}},
	}
	rows := 0
	for _, e := range endpoints {
		for i, token := range callers {
			c := e.c
			c.token = token
			rec := f.do(t, c, "")
			rows++
			method := c.method
			if method == "" {
				method = "GET"
			}
			if rec.Code != e.want[i] {
				t.Errorf("%s %s as %q: %d, want %d (%s)", method, c.path, token, rec.Code, e.want[i], strings.TrimSpace(rec.Body.String()))
			}
			if rec.Code == 401 && rec.Header().Get("WWW-Authenticate") == "" {
				t.Errorf("%s %s: 401 without WWW-Authenticate", method, c.path)
			}
			checkSecurityHeaders(t, method+" "+c.path, rec.Header())
		}
	}
	if f.refreshes != 1 {
		t.Errorf("refresh ran %d times, want 1 (admin only)", f.refreshes)
	}
	t.Logf("%d endpoint x caller combinations", rows)

	// No token in the logs, whatever was logged.
	logs := f.logs.String()
	for _, token := range []string{viewerToken, analystToken, adminToken, wrong} {
		if strings.Contains(logs, token) {
			t.Errorf("the logs contain token %q:\n%s", token, logs)
		}
	}
	if !strings.Contains(logs, "who=ana") || !strings.Contains(logs, "who=adi") {
		t.Errorf("the logs do not name the callers (so the search above proves little):\n%s", logs)
	}
}

func TestTokenCookieForBrowsers(t *testing.T) {
	f := newHardFixture(t)

	// ?token= once: a cookie and a redirect to the URL without the token.
	rec := f.do(t, call{path: "/wilayah?lang=en&token=" + viewerToken + "&sort=name"}, "")
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/wilayah?lang=en&sort=name" {
		t.Fatalf("login: %d Location %q", rec.Code, rec.Header().Get("Location"))
	}
	cookies := rec.Result().Cookies()
	if len(cookies) != 1 || cookies[0].Name != tokenCookie || cookies[0].Value != viewerToken || !cookies[0].HttpOnly ||
		cookies[0].SameSite != http.SameSiteStrictMode || cookies[0].Path != "/" {
		t.Fatalf("cookie %+v", cookies)
	}
	if rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("the redirect may be cached: %q", rec.Header().Get("Cache-Control"))
	}
	checkSecurityHeaders(t, "login", rec.Header())

	// The cookie opens pages, downloads and read APIs (GET only) with the cookie's role.
	for _, path := range []string{"/wilayah?lang=en&sort=name", "/", "/download/indices.csv", "/api/indices", "/metrics"} {
		if rec := f.do(t, call{path: path}, viewerToken); rec.Code != 200 {
			t.Errorf("GET %s with the cookie: %d", path, rec.Code)
		}
	}
	// Never for POST, whatever the role in the cookie, and same-origin or not.
	for _, c := range []struct {
		path, cookie string
	}{
		{"/api/query", analystToken},
		{"/api/query", adminToken},
		{"/api/refresh", adminToken},
	} {
		for _, site := range []string{"same-origin", "cross-site"} {
			rec := f.do(t, call{method: "POST", path: c.path, body: queryBody("SELECT 1"), header: map[string]string{"Sec-Fetch-Site": site}}, c.cookie)
			if rec.Code != 401 && rec.Code != 403 {
				t.Errorf("POST %s with a %s cookie (%s): %d, want 401 or 403", c.path, c.cookie, site, rec.Code)
			}
		}
	}
	// A token in the URL of a POST is refused, and it is not a login.
	rec = f.do(t, call{method: "POST", path: "/api/refresh?token=" + adminToken}, "")
	if rec.Code != 400 || len(rec.Result().Cookies()) != 0 {
		t.Errorf("POST ?token=: %d cookies %v", rec.Code, rec.Result().Cookies())
	}
	// An unknown token sets nothing.
	rec = f.do(t, call{path: "/?token=wrong-token-0123456789"}, "")
	if rec.Code != 401 || len(rec.Result().Cookies()) != 0 {
		t.Errorf("unknown ?token=: %d cookies %v", rec.Code, rec.Result().Cookies())
	}
	// An unknown cookie is no login either.
	if rec := f.do(t, call{path: "/"}, "wrong-token-0123456789"); rec.Code != 401 {
		t.Errorf("unknown cookie: %d", rec.Code)
	}
	// The redirect never leaves the site.
	for _, path := range []string{"//evil.example/x?token=" + viewerToken, "/\\evil.example?token=" + viewerToken} {
		rec := f.do(t, call{path: path}, "")
		loc := rec.Header().Get("Location")
		if rec.Code != http.StatusSeeOther || !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, "/\\") {
			t.Errorf("%s: %d Location %q", path, rec.Code, loc)
		}
	}
	// A bearer header wins over a cookie, so a wrong header is not rescued by a good cookie.
	if rec := f.do(t, call{path: "/", token: "wrong-token-0123456789"}, viewerToken); rec.Code != 401 {
		t.Errorf("wrong header + good cookie: %d", rec.Code)
	}
	if logs := f.logs.String(); strings.Contains(logs, viewerToken) || strings.Contains(logs, adminToken) || strings.Contains(logs, analystToken) {
		t.Errorf("the logs contain a token:\n%s", logs)
	}
}

func TestCrossSiteStateChangesAreRefusedWithTokens(t *testing.T) {
	f := newHardFixture(t)
	for _, c := range []call{
		{method: "POST", path: "/api/query", token: analystToken, body: queryBody("SELECT 1")},
		{method: "POST", path: "/api/refresh", token: adminToken},
		{method: "POST", path: "/api/upload", token: adminToken, body: "--x--\r\n"},
	} {
		for _, h := range []map[string]string{
			{"Sec-Fetch-Site": "cross-site"},
			{"Sec-Fetch-Site": "same-site"},
			{"Origin": "https://evil.example"},
		} {
			c.header = h
			if rec := f.do(t, c, ""); rec.Code != 403 {
				t.Errorf("%s %v: %d, want 403", c.path, h, rec.Code)
			}
		}
	}
	if f.refreshes != 0 {
		t.Errorf("a cross-site POST ran the refresh %d times", f.refreshes)
	}
}

// TestUnreliableCellsFlaggedAndSuppressedForViewers: the fixture's 2021 female TPAK of Kota Medan
// (48.90, n=25) is under the reliability threshold; the API flags it, the pages hide it.
func TestUnreliableCellsFlaggedAndSuppressedForViewers(t *testing.T) {
	f := newHardFixture(t)
	rec := f.do(t, call{path: "/api/indicators?region=1275&year=2021&indicator=labour_force_participation&sex=P", token: viewerToken}, "")
	var doc struct {
		Columns []string `json:"columns"`
		Rows    [][]any  `json:"rows"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil || len(doc.Rows) != 1 {
		t.Fatalf("%d %s (%v)", rec.Code, rec.Body, err)
	}
	for i, c := range doc.Columns {
		if c == "reliable" && doc.Rows[0][i] != false {
			t.Errorf("reliable = %v, want false", doc.Rows[0][i])
		}
	}
	for _, path := range []string{"/indikator?indicator=labour_force_participation", "/indikator?indicator=labour_force_participation&lang=en",
		"/wilayah?indicator=labour_force_participation&year=2021", "/download/indicator.csv?indicator=labour_force_participation"} {
		rec := f.do(t, call{path: path, token: viewerToken}, "")
		if rec.Code != 200 {
			t.Errorf("%s: %d", path, rec.Code)
			continue
		}
		// Map outlines are coordinates, not values: look at the rest.
		body := svgPathData.ReplaceAllString(rec.Body.String(), "")
		if strings.Contains(body, "48,90") || strings.Contains(body, "48.90") || strings.Contains(body, "48.9") {
			t.Errorf("%s shows the unreliable value 48.90", path)
		}
	}
}

var svgPathData = regexp.MustCompile(` d="[^"]*"`)

// TestDownloadHeadersSurviveTheCache: a download answered from the response cache still
// names its snapshot date, filters and row counts.
func TestDownloadHeadersSurviveTheCache(t *testing.T) {
	f := newHardFixture(t)
	var first http.Header
	for i := 0; i < 2; i++ {
		rec := f.do(t, call{path: "/download/indices.csv?year=2023", token: viewerToken}, "")
		if rec.Code != 200 {
			t.Fatalf("status %d", rec.Code)
		}
		h := rec.Header()
		if first == nil {
			first = h.Clone()
		}
		for _, k := range []string{"X-Setara-Snapshot-Published", "X-Setara-Filters", "X-Setara-Rows", "X-Setara-Total-Rows", "X-Setara-Truncated"} {
			if h.Get(k) == "" || h.Get(k) != first.Get(k) {
				t.Errorf("answer %d: %s = %q, first answer %q", i+1, k, h.Get(k), first.Get(k))
			}
		}
	}
}
