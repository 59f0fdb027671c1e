package web

import (
	"bytes"
	"encoding/csv"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/setara-pug/setara/pipeline/snapshot"
)

func get(t *testing.T, h http.Handler, url string) (int, string, http.Header) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, url, nil))
	return rec.Code, rec.Body.String(), rec.Header()
}

// TestPagesShowKeyFiguresPerLocale renders every page in both languages and looks for the
// fixture's key figures, formatted by locale.
func TestPagesShowKeyFiguresPerLocale(t *testing.T) {
	h := NewHandler(fixtureStore(t, fixtureOptions{}), Options{Now: fixedNow, Logger: testLogger(t)})
	tests := []struct {
		url  string
		want []string // substrings of the HTML
		not  []string
	}{
		{"/", []string{`<html lang="id">`, "Ringkasan indeks gender", "94,75", "80,31", "0,232", "91,37", "0,447", "Sumatera Utara", "Indonesia",
			"+0,35", "Perubahan sejak 2022", "IPM_P / IPM_L × 100", `<svg viewBox="0 0 360 200" role="img"`, "<title id=\"trend-ipg-t\">"},
			[]string{"94.75", "Data contoh"}},
		{"/?lang=en", []string{`<html lang="en">`, "Gender index summary", "94.75", "80.31", "0.232", "+0.35", "Change since 2022"},
			[]string{"94,75"}},
		{"/wilayah", []string{"Perbandingan wilayah", "Medan Baru", "96,81", "93,12", "Wilayah di bawah Kota Medan"}, nil},
		{"/wilayah?lang=en&sort=name", []string{"Regional comparison", "96.81", "Regions within Kota Medan"}, nil},
		{"/wilayah?indicator=labour_force_participation", []string{"57,44", "83,20", "0,650", "−29,10"}, []string{"41,67"}},
		{"/indikator", []string{"Tingkat Partisipasi Angkatan Kerja (TPAK)", "53,25", "82,64", "67,81", "0,644", "−29,39", "Sakernas (mikrodata)"},
			[]string{"48,90"}},
		{"/indikator?lang=en&indicator=life_expectancy", []string{"Life expectancy at birth", "75.56", "71.83", "1.052", "+3.73", "years"}, nil},
		{"/program", []string{"Dinas Kesehatan", "Rp 412,5 miliar", "38,3%", "181.204", "Penyandang disabilitas", "Peringkat OPD", "0,88"}, nil},
		{"/program?lang=en", []string{"Rp 412.5 billion", "38.3%", "181,204", "People with disabilities", "OPD ranking"}, nil},
		{"/data", []string{"run-000001", "5 Maret 2024 14.00 WIB", "berhasil", "indikator_2023.csv", "not a number", "Umur Harapan Hidup saat lahir (UHH) (Perempuan)", "small_cells"},
			[]string{"March"}},
		{"/data?lang=en", []string{"5 March 2024 14:00 WIB", "succeeded", "Loaded files", "Rejected rows"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.url, func(t *testing.T) {
			code, body, hdr := get(t, h, tc.url)
			if code != http.StatusOK {
				t.Fatalf("status %d:\n%s", code, body)
			}
			if csp := hdr.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
				t.Errorf("CSP = %q", csp)
			}
			text := html.UnescapeString(body)
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(text, n) {
					t.Errorf("page shows %q", n)
				}
			}
			if strings.Contains(body, "<script") {
				t.Errorf("page has a script element")
			}
		})
	}
}

func TestHTMLPayloadIsEscaped(t *testing.T) {
	h := NewHandler(fixtureStore(t, fixtureOptions{}), Options{Now: fixedNow, Logger: testLogger(t)})
	_, body, _ := get(t, h, "/program")
	if strings.Contains(body, `<script>alert("x")</script>`) {
		t.Fatal("OPD name rendered unescaped")
	}
	if !strings.Contains(body, `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Dinas &amp; &#34;Uji&#34;`) {
		t.Errorf("escaped OPD name missing")
	}
}

func TestDemoBanner(t *testing.T) {
	for _, demo := range []bool{false, true} {
		h := NewHandler(fixtureStore(t, fixtureOptions{demo: demo}), Options{Now: fixedNow, Logger: testLogger(t)})
		for _, page := range []string{"/", "/wilayah", "/indikator", "/program", "/evaluasi", "/data"} {
			for _, lang := range []struct{ q, banner string }{{"", "Data contoh (sintetis)"}, {"?lang=en", "Sample data (synthetic)"}} {
				_, body, _ := get(t, h, page+lang.q)
				if got := strings.Contains(body, lang.banner); got != demo {
					t.Errorf("demo=%v %s%s: banner shown = %v", demo, page, lang.q, got)
				}
			}
		}
	}
}

func TestUnreliableCellsSuppressedByDefault(t *testing.T) {
	store := fixtureStore(t, fixtureOptions{})
	hidden := NewHandler(store, Options{Now: fixedNow, Logger: testLogger(t)})
	shown := NewHandler(store, Options{Now: fixedNow, ShowUnreliable: true})
	_, body, _ := get(t, hidden, "/indikator?indicator=labour_force_participation")
	if strings.Contains(body, "48,90") {
		t.Errorf("unreliable 2021 female TPAK shown by default")
	}
	if !strings.Contains(body, "tidak andal") {
		t.Errorf("no note on suppressed cells")
	}
	_, body, _ = get(t, shown, "/indikator?indicator=labour_force_participation")
	if !strings.Contains(body, "48,90") || !strings.Contains(body, `<sup class="mark">*</sup>`) {
		t.Errorf("ShowUnreliable: the unreliable value is not shown with its mark")
	}
}

func TestRegionSortIsServerSide(t *testing.T) {
	h := NewHandler(fixtureStore(t, fixtureOptions{}), Options{Now: fixedNow, Logger: testLogger(t)})
	order := func(url string) []string {
		_, body, _ := get(t, h, url)
		tbl := body[strings.Index(body, `id="table-regions"`):]
		var names []string
		for _, n := range []string{"Medan Amplas", "Medan Baru", "Medan Johor", "Medan Tuntungan"} {
			names = append(names, n)
		}
		// sort names by first position in the table
		for i := range names {
			for j := i + 1; j < len(names); j++ {
				if strings.Index(tbl, names[j]) < strings.Index(tbl, names[i]) {
					names[i], names[j] = names[j], names[i]
				}
			}
		}
		return names
	}
	tests := []struct{ sort, want string }{
		{"", "Medan Baru,Medan Johor,Medan Tuntungan,Medan Amplas"}, // IPG, largest first
		{"value", "Medan Amplas,Medan Tuntungan,Medan Johor,Medan Baru"},
		{"name", "Medan Amplas,Medan Baru,Medan Johor,Medan Tuntungan"},
		{"-name", "Medan Tuntungan,Medan Johor,Medan Baru,Medan Amplas"},
	}
	for _, tc := range tests {
		if got := strings.Join(order("/wilayah?sort="+tc.sort), ","); got != tc.want {
			t.Errorf("sort=%q: %s, want %s", tc.sort, got, tc.want)
		}
	}
}

func TestDownloads(t *testing.T) {
	h := NewHandler(fixtureStore(t, fixtureOptions{}), Options{Now: fixedNow, Logger: testLogger(t)})
	tests := []struct {
		url      string
		rows     int      // data rows, without the header
		header   string   // first header cell
		contains []string // cells of some row, joined by "|", as XLSX holds them
		inCSV    []string // the same in the CSV (Indonesian pages: decimal comma); nil: as contains
	}{
		{"/download/programs.csv?year=2023", 3, "OPD", []string{`<script>alert("x")</script> Dinas & "Uji"|3|1234567890|234567890|0.19|0.8|0.75|120|80|0.6`},
			[]string{`<script>alert("x")</script> Dinas & "Uji"|3|1234567890|234567890|0,19|0,8|0,75|120|80|0,6`}},
		{"/download/programs.csv?year=2022&lang=en", 2, "OPD", []string{"Dinas Kesehatan|40|398000000000"}, nil},
		{"/download/regions.csv?indicator=labour_force_participation", 4, "Wilayah", []string{"Medan Amplas||79.3|||"}, []string{"Medan Amplas||79,3|||"}},
		{"/download/indices.csv", 23, "Wilayah", []string{"Kota Medan|2023|IPG|94.75|ya|"}, []string{"Kota Medan|2023|IPG|94,75|ya|"}},
		{"/download/target-groups.csv?lang=en", 5, "Target group", []string{"Pregnant women|9|23000000000|21620000000|15400|0"}, nil},
		{"/download/rejected.csv", 2, "Batch", []string{"1|indikator_2023.csv|27|region_code|1299|unknown region (expected a BPS code declared in regions)"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.url, func(t *testing.T) {
			code, body, hdr := get(t, h, tc.url)
			if code != http.StatusOK {
				t.Fatalf("status %d: %s", code, body)
			}
			if !strings.HasPrefix(hdr.Get("Content-Type"), "text/csv") {
				t.Errorf("content type %q", hdr.Get("Content-Type"))
			}
			recs := readCSV(t, body, !strings.Contains(tc.url, "lang=en"))
			inCSV := tc.inCSV
			if inCSV == nil {
				inCSV = tc.contains
			}
			checkRecords(t, recs, tc.rows, tc.header, inCSV)
			// The XLSX of the same table holds the same rows.
			xurl := strings.Replace(tc.url, ".csv", ".xlsx", 1)
			code, xbody, _ := get(t, h, xurl)
			if code != http.StatusOK {
				t.Fatalf("%s: status %d", xurl, code)
			}
			f, err := excelize.OpenReader(bytes.NewReader([]byte(xbody)))
			if err != nil {
				t.Fatalf("%s: %v", xurl, err)
			}
			defer f.Close()
			xrecs, err := f.GetRows(f.GetSheetList()[0], excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			checkRecords(t, xrecs, tc.rows, tc.header, tc.contains)
		})
	}
}

func checkRecords(t *testing.T, recs [][]string, rows int, header string, contains []string) {
	t.Helper()
	if len(recs) != rows+1 {
		t.Errorf("%d data rows, want %d: %q", len(recs)-1, rows, recs)
		return
	}
	if recs[0][0] != header {
		t.Errorf("header %q, want first column %q", recs[0], header)
	}
	for _, want := range contains {
		found := false
		for _, r := range recs[1:] {
			// excelize drops trailing empty cells; compare on the want's width
			cells := append([]string{}, r...)
			for len(cells) < strings.Count(want, "|")+1 {
				cells = append(cells, "")
			}
			if strings.Join(cells[:strings.Count(want, "|")+1], "|") == want {
				found = true
			}
		}
		if !found {
			t.Errorf("no row %q in %q", want, recs)
		}
	}
}

func TestErrorsAndNoSnapshot(t *testing.T) {
	empty := snapshot.NewStore(filepath.Join(t.TempDir(), "published"), snapshot.StoreOptions{})
	h := NewHandler(empty, Options{Now: fixedNow, Logger: testLogger(t)})
	code, body, _ := get(t, h, "/")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "Belum ada data yang diterbitkan") {
		t.Errorf("no snapshot: %d %s", code, body)
	}
	code, body, _ = get(t, h, "/static/style.css")
	if code != http.StatusOK || !strings.Contains(body, "--accent") {
		t.Errorf("static css: %d", code)
	}
	h = NewHandler(fixtureStore(t, fixtureOptions{}), Options{Now: fixedNow, Logger: testLogger(t)})
	for _, tc := range []struct {
		url  string
		code int
	}{
		{"/?region=9999", http.StatusNotFound},
		{"/?year=abc", http.StatusBadRequest},
		{"/indikator?indicator=nope", http.StatusNotFound},
		{"/download/secret.csv", http.StatusNotFound},
		{"/download/programs.exe", http.StatusNotFound},
		{"/nope", http.StatusNotFound},
	} {
		if code, _, _ := get(t, h, tc.url); code != tc.code {
			t.Errorf("%s: status %d, want %d", tc.url, code, tc.code)
		}
	}
}

// TestLinksKeepParameters checks that navigation keeps region, year and language.
func TestLinksKeepParameters(t *testing.T) {
	h := NewHandler(fixtureStore(t, fixtureOptions{}), Options{Now: fixedNow, Logger: testLogger(t)})
	_, body, _ := get(t, h, "/?region=12&year=2022&lang=en")
	for _, want := range []string{`href="/wilayah?lang=en&amp;region=12&amp;year=2022"`, `href="/?region=12&amp;year=2022"`} {
		if !strings.Contains(body, want) {
			t.Errorf("missing link %s", want)
		}
	}
	resp := httptest.NewRecorder()
	h.ServeHTTP(resp, httptest.NewRequest(http.MethodGet, "/download/indices.csv?region=12", nil))
	b, _ := io.ReadAll(resp.Body)
	if strings.Contains(string(b), "Kota Medan") {
		t.Errorf("indices download for region 12 holds Kota Medan rows")
	}
}

// readCSV reads a download as a spreadsheet or pandas would: `;` for an Indonesian page, the
// provenance lines after the table ("# ...") skipped as comments, as read_csv(comment="#") does.
func readCSV(t *testing.T, body string, indonesian bool) [][]string {
	t.Helper()
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff")))
	r.Comment = '#'
	if indonesian {
		r.Comma = ';'
	}
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}
