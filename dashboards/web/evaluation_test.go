package web

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestEvaluationPage renders /evaluasi in both languages from the fixture's evaluation: the
// city's prerequisites in words, the OPDs in grade order with their rule as a title, each OPD's
// activities with GBS status, targets against beneficiaries and findings in words, the findings
// with their recommendations, every data field escaped, and downloads of each table.
func TestEvaluationPage(t *testing.T) {
	h := NewHandler(fixtureStore(t, fixtureOptions{}), Options{Now: fixedNow, Logger: testLogger(t)})
	for _, tc := range []struct {
		lang string
		want []string
	}{
		{"", []string{
			"Prasyarat PUG Kota Medan", "<strong>ada</strong> <span class=\"evidence\">· Perwal PUG</span>", "<strong>belum</strong>",
			`title="D: kurang dari 30 % kegiatan responsif gender ber-GBS lengkap">D</abbr>`,
			"91,7%", "1.100 / 1.200", "akses, manfaat", "belum lengkap", "tidak ada",
			"Kegiatan responsif gender tanpa GBS (Lembar Anggaran Responsif Gender)",
			"Capaian penerima manfaat perempuan di bawah target",
			"OPD menyusun GBS untuk setiap kegiatan responsif gender sebelum anggaran ditetapkan.",
			"Partisipasi Angkatan Kerja", "tidak dilaporkan",
		}},
		{"?lang=en", []string{
			"Kota Medan&#39;s PUG prerequisites", "<strong>in place</strong>", "<strong>not yet</strong>",
			`title="D: under 30 % of gender-responsive activities with a complete GBS">D</abbr>`,
			"91.7%", "1,100 / 1,200", "access, benefit", "incomplete",
			"Gender-responsive activity without a GBS (Gender Budget Statement)",
			"The OPD prepares a GBS for every gender-responsive activity before its budget is set.",
		}},
	} {
		code, body, _ := get(t, h, "/evaluasi"+tc.lang)
		if code != http.StatusOK {
			t.Fatalf("/evaluasi%s: %d\n%s", tc.lang, code, body)
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("/evaluasi%s lacks %q", tc.lang, w)
			}
		}
		// grade order: A before C before D
		a := strings.Index(body, "Dinas &amp; &#34;Uji&#34;")
		c := strings.Index(body, ">C</abbr>")
		d := strings.Index(body, ">D</abbr>")
		if a < 0 || c < 0 || d < 0 || !(a < c && c < d) {
			t.Errorf("/evaluasi%s: OPDs not in grade order (A %d, C %d, D %d)", tc.lang, a, c, d)
		}
		for _, bad := range []string{"<script>alert", "<b>Kegiatan", "<img src=x", "<i>uji"} {
			if strings.Contains(body, bad) {
				t.Errorf("/evaluasi%s: unescaped %q", tc.lang, bad)
			}
		}
	}

	for _, tc := range []struct{ file, want string }{
		{"opd-evaluation.csv", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak;D;1;1;0"},
		{"evaluation-activities.csv", "Pelayanan Kesehatan Lansia;tidak ada"},
		{"findings.csv", "Anggaran pada GBS berbeda dengan anggaran kegiatan;ringan;1;1"},
		{"readiness.csv", "Kota Medan (KOTA);ada;ada;ada;ada;ada;sebagian;belum"},
	} {
		code, body, _ := get(t, h, "/download/"+tc.file)
		if code != http.StatusOK || !strings.Contains(body, tc.want) {
			t.Errorf("/download/%s: %d, lacks %q:\n%s", tc.file, code, tc.want, body)
		}
	}
	if code, _, hdr := get(t, h, "/download/evaluation-activities.xlsx"); code != http.StatusOK ||
		!strings.Contains(hdr.Get("Content-Type"), "spreadsheet") {
		t.Errorf("evaluation-activities.xlsx: %d %s", code, hdr.Get("Content-Type"))
	}
}

// A snapshot published before the evaluation existed says so instead of failing.
func TestEvaluationPageOnAnOlderSnapshot(t *testing.T) {
	h := NewHandler(fixtureStore(t, fixtureOptions{sql: "DROP TABLE published.opd_evaluation;"}), Options{Now: fixedNow, Logger: testLogger(t)})
	code, body, _ := get(t, h, "/evaluasi")
	if code != http.StatusOK || !strings.Contains(body, "diterbitkan sebelum evaluasi PUG tersedia") {
		t.Errorf("/evaluasi on an older snapshot: %d\n%s", code, body)
	}
}

// The Data page offers every kind's template; /templat/KIND.xlsx is that workbook in the page's
// language; an unknown kind is not found.
func TestTemplateDownloads(t *testing.T) {
	h := NewHandler(fixtureStore(t, fixtureOptions{}), Options{Now: fixedNow, Logger: testLogger(t)})
	_, body, _ := get(t, h, "/data")
	for _, want := range []string{`href="/templat/programs.xlsx"`, `href="/templat/gbs.xlsx"`, "GBS (Lembar Anggaran Responsif Gender)"} {
		if !strings.Contains(body, want) {
			t.Errorf("/data lacks %s", want)
		}
	}
	for _, tc := range []struct{ url, header string }{
		{"/templat/programs.xlsx", "kode_opd"}, {"/templat/gbs.xlsx?lang=en", "gap_factors"},
	} {
		code, body, hdr := get(t, h, tc.url)
		f, err := excelize.OpenReader(strings.NewReader(body))
		if code != http.StatusOK || err != nil || !strings.Contains(hdr.Get("Content-Disposition"), "attachment") {
			t.Fatalf("%s: %d %v %v", tc.url, code, err, hdr)
		}
		rows, _ := f.GetRows("Data")
		if len(rows) != 1 || !slices.Contains(rows[0], tc.header) {
			t.Errorf("%s header %v lacks %s", tc.url, rows, tc.header)
		}
		f.Close()
	}
	if code, _, _ := get(t, h, "/templat/table.xlsx"); code != http.StatusNotFound {
		t.Errorf("/templat/table.xlsx: %d", code)
	}
}

// asContributor serves h as the server does for an OPD's contributor (the account of the
// upload page), so the browser and accessibility tests see /unggah with its form.
func asContributor(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(WithAccount(r.Context(), Account{Name: "dinkes", Role: "contributor", OPDs: []string{"1.02.01"},
			Kinds: []string{"programs", "gbs", "readiness"}, MayUpload: true})))
	})
}

// TestUploadPage: the account with its OPD named from the programs, the OPD's templates with
// its code for the dropdown, the form; a viewer sees the templates and no form.
func TestUploadPage(t *testing.T) {
	store := fixtureStore(t, fixtureOptions{})
	h := asContributor(NewHandler(store, Options{Now: fixedNow, Logger: testLogger(t), MaxUpload: 5 << 20}))
	code, body, _ := get(t, h, "/unggah")
	for _, want := range []string{"Akun dinkes, untuk OPD: 1.02.01 Dinas Kesehatan.", "paling besar 5 MB",
		`action="/api/upload?lang=id"`, `enctype="multipart/form-data"`, `name="token" type="password"`,
		`href="/templat/gbs.xlsx?lang=id&amp;opd=1.02.01"`} {
		if code != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("/unggah (%d) lacks %q", code, want)
		}
	}
	if strings.Contains(body, "/templat/microdata.xlsx") {
		t.Errorf("an OPD is offered the microdata template")
	}
	_, body, _ = get(t, NewHandler(store, Options{Now: fixedNow, Logger: testLogger(t)}), "/unggah?lang=en")
	if strings.Contains(body, "<form class=\"filters upload\"") || !strings.Contains(body, "This account (viewer) may only view") {
		t.Errorf("/unggah for a viewer:\n%s", body)
	}
}

// The Ringkasan cards put a published index value beside setara's, marked where they differ at
// the published precision, and link every value to its derivation page; /asal and
// /api/derivation show the value's inputs with their batch, file and line.
func TestPublishedBesideComputedAndDerivation(t *testing.T) {
	h := NewHandler(fixtureStore(t, fixtureOptions{}), Options{Now: fixedNow, Logger: testLogger(t)})
	_, body, _ := get(t, h, "/")
	for _, want := range []string{`<p class="published">BPS: 0,232 · setara: 0,232</p>`,
		`<p class="published disagrees" title="Nilai terbitan dan hasil hitung setara berbeda pada presisi terbitan">BPS: 94,70 · setara: 94,75 ≠</p>`,
		`href="/asal?index=ikg&amp;region=1275&amp;year=2023"`} {
		if !strings.Contains(body, want) {
			t.Errorf("Ringkasan lacks %s", want)
		}
	}
	code, body, _ := get(t, h, "/asal?index=ipg&region=1275&year=2023")
	if code != http.StatusOK || !strings.Contains(body, "Asal angka: IPG Kota Medan 2023") || !strings.Contains(body, "94,70 (BPS Kota Medan, IPG 2023)") {
		t.Errorf("/asal: %d\n%s", code, body)
	}
	code, body, _ = get(t, h, "/api/derivation?index=ikg&region=1275&year=2023")
	if code != http.StatusOK || !strings.Contains(body, `"published":{"published":0.232,"precision":3,"agrees":true`) {
		t.Errorf("/api/derivation: %d %s", code, body)
	}
	// the inputs come from the view index_input_fact, in the index's order, with the labels and
	// file name the view joins in
	first := strings.Index(body, `"input":"parliament_share.P"`)
	second := strings.Index(body, `"input":"labour_force_participation.P"`)
	if first < 0 || second < first || !strings.Contains(body, `"origin":"published","batch":1,"file":"indikator_2023.csv","line":7`) ||
		!strings.Contains(body, `"file":"sakernas_2023.parquet"`) {
		t.Errorf("/api/derivation inputs: want parliament_share.P from indikator_2023.csv line 7, then labour_force_participation.P from sakernas_2023.parquet: %s", body)
	}
	if code, _, _ := get(t, h, "/api/derivation?index=ikg&region=1275"); code != http.StatusBadRequest {
		t.Errorf("/api/derivation without a year: %d", code)
	}
	if code, _, _ := get(t, h, "/api/derivation?index=ikg&region=1275&year=1990"); code != http.StatusNotFound {
		t.Errorf("/api/derivation of no value: %d", code)
	}
}

// A gap whose P and L come from different origins is marked ◇ with the note under the table.
func TestMixedOriginGapIsMarked(t *testing.T) {
	h := NewHandler(fixtureStore(t, fixtureOptions{}), Options{Now: fixedNow, Logger: testLogger(t)})
	_, body, _ := get(t, h, "/wilayah?indicator=labour_force_participation&year=2023")
	if strings.Count(body, `<sup class="mark">◇</sup>`) != 2 || !strings.Contains(body, "◇ asal campuran: nilai P dan L dari sumber berbeda") {
		t.Errorf("Wilayah TPAK 2023: want Medan Johor's ratio and difference marked ◇ and the note:\n%s", body)
	}
}

// A survey estimate with a relative standard error of 25-50 % is shown with ‡ and its RSE in the
// title, and the note under the table says what ‡ means.
func TestCautionEstimateIsMarked(t *testing.T) {
	h := NewHandler(fixtureStore(t, fixtureOptions{}), Options{Now: fixedNow, Logger: testLogger(t)})
	for _, url := range []string{"/wilayah?indicator=labour_force_participation&year=2023", "/indikator?indicator=labour_force_participation&region=1275020"} {
		_, body, _ := get(t, h, url)
		if !strings.Contains(body, `<sup class="mark">‡</sup>`) || !strings.Contains(body, "Galat baku relatif 31% (25-50 %): gunakan dengan hati-hati") ||
			!strings.Contains(body, "‡ estimasi survei dengan galat baku relatif 25-50 %") {
			t.Errorf("%s: the caution estimate is not marked and explained", url)
		}
		// its title also counts the records left out for an empty labour force status
		if !strings.Contains(body, "Catatan tak terhitung karena data kosong: 4") {
			t.Errorf("%s: the estimate's title does not count its missing values", url)
		}
	}
}
