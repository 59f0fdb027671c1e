package report

import (
	"bytes"
	"context"
	"database/sql"
	_ "embed"
	"errors"
	"flag"
	stdhtml "html"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/setara-pug/setara/pipeline/snapshot"
	"github.com/setara-pug/setara/pipeline/snapshot/snapshottest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

//go:embed testdata/extra.sql
var extraSQL string

// fixture publishes the snapshottest fixture plus testdata/extra.sql (the tables the report
// needs) and opens the snapshot read-only. full=false publishes the snapshottest fixture alone.
func fixture(t *testing.T, full bool) *sql.DB {
	t.Helper()
	w := snapshottest.NewWarehouse(t)
	if full {
		w.Exec(extraSQL)
	}
	db, err := snapshot.OpenReadOnly(context.Background(), w.Publish(7))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func build(t *testing.T, db *sql.DB, lang string) *Report {
	t.Helper()
	r, err := Build(context.Background(), db, Options{Year: 2023, Lang: lang})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestLangFormat(t *testing.T) {
	tests := []struct {
		lang Lang
		got  func(Lang) string
		want string
	}{
		{Indonesian, func(l Lang) string { return l.Num(94.75, 2) }, "94,75"},
		{English, func(l Lang) string { return l.Num(94.75, 2) }, "94.75"},
		{Indonesian, func(l Lang) string { return l.Num(1234567.891, 1) }, "1.234.567,9"},
		{English, func(l Lang) string { return l.Num(1234567.891, 1) }, "1,234,567.9"},
		{Indonesian, func(l Lang) string { return l.Rupiah(1234567890) }, "Rp 1.234.567.890"},
		{English, func(l Lang) string { return l.Rupiah(1234567890) }, "Rp 1,234,567,890"},
		{Indonesian, func(l Lang) string { return l.Rupiah(999) }, "Rp 999"},
		{Indonesian, func(l Lang) string { return l.Signed(0.25, 2) }, "+0,25"},
		{Indonesian, func(l Lang) string { return l.Signed(-27.75, 2) }, "−27,75"},
		{Indonesian, func(l Lang) string { return l.Signed(-0.001, 2) }, "0,00"},
		{English, func(l Lang) string { return l.Percent(0.9239, 1) }, "92.4%"},
		{Indonesian, func(l Lang) string { return l.Num(-1500, 0) }, "−1.500"},
	}
	for _, tc := range tests {
		if got := tc.got(tc.lang); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.lang, got, tc.want)
		}
	}
}

func TestBuildHTML(t *testing.T) {
	db := fixture(t, true)
	tests := []struct {
		lang string
		want []string
	}{
		{"id", []string{
			`<html lang="id">`,
			"Laporan Hasil Pengendalian dan Evaluasi Pelaksanaan Program/Kegiatan Responsif Gender",
			"Kota Medan", "run-000001", "Tahun 2023", // snapshot id from snapshot_info
			"1. Indeks Gender", "2. Indikator Terpilah menurut Jenis Kelamin", "3. Perbandingan Antar-Kecamatan",
			"4. Program dan Kegiatan OPD", "5. Peringkat OPD", "6. Evaluasi PUG Program dan Kegiatan OPD",
			"7. Kelengkapan Data Terpilah", "8. Metode dan Sumber Data",
			"GBS belum lengkap: ada isian wajib yang kosong; Capaian penerima manfaat perempuan di bawah target", // findings in words
			"OPD menyusun GBS untuk setiap kegiatan responsif gender sebelum anggaran ditetapkan.",               // a recommendation
			"Kota Medan (KOTA)", "tidak dilaporkan", ">66,7<", // matrix, GBS share
			"Nilai terbitan dan hasil hitung setara: Kota Medan", ">94,41<", "≠ Nilai terbitan dan hasil hitung setara berbeda", // index_check
			"Tingkat Partisipasi Angkatan Kerja (TPAK) * ‡", "‡ estimasi survei dengan galat baku relatif 25-50 %", // a caution estimate

			"Sumatera Utara", "Indonesia",
			">94,75<", ">+0,25<", // IPG Kota Medan 2023 and its change since 2022
			">91,25<", ">91,50<", // province and country
			"Rp 3.650.000.000", ">2.500.000.000<", "(75,3%)", // totals and an OPD budget
			"Medan Johor †", ">49,00<", // kecamatan comparison with the unreliable flag
			"Keterlibatan perempuan di parlemen (P)",                // a missing index input by name
			"Inspektorat", "penerima manfaat menurut jenis kelamin", // an OPD lacking sex-disaggregated data
			"IPM_P / IPM_L * 100", "BPS, IKG methodology",
			"<svg", "@page",
		}},
		{"en", []string{
			`<html lang="en">`, "1. Gender Indices", "6. PUG Evaluation of OPD Programs and Activities", "8. Methods and Sources",
			"The OPD prepares a GBS for every gender-responsive activity before its budget is set.", "not reported",
			">94.75<", ">+0.25<", "Rp 3,650,000,000", ">2,500,000,000<", ">Children<",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.lang, func(t *testing.T) {
			r := build(t, db, tc.lang)
			if len(r.Missing) != 0 {
				t.Errorf("Missing = %v, want none", r.Missing)
			}
			var b bytes.Buffer
			if err := r.WriteHTML(&b); err != nil {
				t.Fatal(err)
			}
			html := stdhtml.UnescapeString(b.String())
			for _, w := range tc.want {
				if !strings.Contains(html, w) {
					t.Errorf("HTML lacks %q", w)
				}
			}
			for _, bad := range []string{"http://", "https://", "<script", "<link", "src="} {
				if bad == "http://" {
					// the SVG namespace is the one URL a self-contained document may hold
					html = strings.ReplaceAll(html, `xmlns="http://www.w3.org/2000/svg"`, "")
				}
				if strings.Contains(html, bad) {
					t.Errorf("HTML is not self-contained: has %q", bad)
				}
			}
		})
	}
}

// TestTargetGroupEnglish checks the English target-group names reach the report: the fixture
// has "perempuan" and "anak" only, so "Pregnant women" must not appear; "Children" must.
func TestTargetGroupEnglish(t *testing.T) {
	r := build(t, fixture(t, true), "en")
	var b bytes.Buffer
	if err := r.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), ">Children<") || strings.Contains(b.String(), "Pregnant women") {
		t.Error("target groups: want Children and no Pregnant women")
	}
}

func TestMissingTables(t *testing.T) {
	r := build(t, fixture(t, false), "id")
	for _, tbl := range []string{"opd_ranking", "data_completeness", "index_catalog", "indicator_catalog"} {
		if !contains(r.Missing, tbl) {
			t.Errorf("Missing = %v, want it to name %s", r.Missing, tbl)
		}
	}
	var b bytes.Buffer
	if err := r.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	html := stdhtml.UnescapeString(b.String())
	for _, w := range []string{"Data tidak tersedia dalam snapshot ini", "opd_ranking", ">94,75<", "5. Peringkat OPD"} {
		if !strings.Contains(html, w) {
			t.Errorf("HTML lacks %q", w)
		}
	}
	var x bytes.Buffer
	if err := r.WriteXLSX(&x); err != nil {
		t.Fatal(err)
	}
}

func TestBuildErrors(t *testing.T) {
	db := fixture(t, false)
	if _, err := Build(context.Background(), db, Options{Year: 2023, Region: "9999"}); !errors.Is(err, ErrUnknownRegion) {
		t.Errorf("unknown region: got %v, want ErrUnknownRegion", err)
	}
	if _, err := Build(context.Background(), db, Options{Year: 2023, Lang: "fr"}); err == nil {
		t.Error("language fr: want an error")
	}
}

// workbook writes r's XLSX workbook and opens it; it is closed when the test ends.
func workbook(t *testing.T, r *Report) *excelize.File {
	t.Helper()
	var b bytes.Buffer
	if err := r.WriteXLSX(&b); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestWriteXLSX(t *testing.T) {
	f := workbook(t, build(t, fixture(t, true), "id"))
	wantSheets := []string{"Ringkasan Indeks", "Indeks per Tahun", "Terbitan vs setara", "Indikator", "Kecamatan", "Anggaran OPD",
		"Output OPD", "Kelompok Sasaran", "Peringkat OPD", "Evaluasi ringkas", "Evaluasi OPD", "Rekomendasi", "Prasyarat PUG",
		"Kelengkapan Indeks", "Kelengkapan OPD", "Metode",
		"Data Mikro", "Tidak Andal", "Sumber & Catatan"}
	if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(wantSheets, "|") {
		t.Fatalf("sheets:\n got %q\nwant %q", got, wantSheets)
	}
	cells := []struct {
		sheet, cell, want string
		raw               bool
	}{
		{"Anggaran OPD", "B1", "OPD", false},
		{"Anggaran OPD", "E1", "Anggaran (Rp)", false},
		{"Anggaran OPD", "B2", "Dinas Kesehatan", false},
		{"Anggaran OPD", "E2", "2500000000", true},
		{"Anggaran OPD", "E2", "Rp 2,500,000,000", false}, // the cell's number format
		{"Anggaran OPD", "I3", "100.0%", false},
		{"Ringkasan Indeks", "B2", "94.75", true},
		{"Ringkasan Indeks", "C2", "0.25", true},
		{"Peringkat OPD", "C2", "Dinas P3APM", false},
		{"Sumber & Catatan", "B5", "run-000001", false},
	}
	for _, c := range cells {
		got, err := f.GetCellValue(c.sheet, c.cell, excelize.Options{RawCellValue: c.raw})
		if err != nil {
			t.Fatal(err)
		}
		if c.raw && strings.Contains(got, ".") {
			got = strings.TrimRight(strings.TrimRight(got, "0"), ".")
			c.want = strings.TrimRight(strings.TrimRight(c.want, "0"), ".")
		}
		if got != c.want {
			t.Errorf("%s!%s = %q, want %q", c.sheet, c.cell, got, c.want)
		}
	}
	for _, sheet := range wantSheets {
		p, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Freeze || p.YSplit != 1 {
			t.Errorf("sheet %s: header row not frozen (%+v)", sheet, p)
		}
	}
}

// TestSectionsGolden pins the report's tables, formatted in Indonesian, for the fixture.
// Review testdata/sections.golden after -update.
func TestSectionsGolden(t *testing.T) {
	r := build(t, fixture(t, true), "id")
	var b strings.Builder
	b.WriteString(sectionsText(r))
	golden := filepath.Join("testdata", "sections.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("sections differ from %s (run with -update and review the diff):\n%s", golden, b.String())
	}
}

func artifactsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("SETARA_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("..", "..", "artifacts", "report")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestRenderPDF prints the fixture report with Chromium and converts its first page to PNG
// (artifact: $SETARA_ARTIFACTS/report-page1.png). It fails when Chromium or pdftoppm is missing.
func TestRenderPDF(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: needs Chromium and pdftoppm; the full run (./scripts/test) fails without it")
	}
	if _, err := FindChromium(); err != nil {
		t.Fatal(err)
	}
	pdftoppm, err := exec.LookPath("pdftoppm")
	if err != nil {
		t.Fatal("pdftoppm (poppler-utils) is needed: ", err)
	}
	r := build(t, fixture(t, true), "id")
	dir := t.TempDir()
	htmlPath := filepath.Join(dir, "laporan-pug-2023.html")
	var b bytes.Buffer
	if err := r.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(htmlPath, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	pdfPath := filepath.Join(dir, "laporan-pug-2023.pdf")
	if err := RenderPDF(context.Background(), htmlPath, pdfPath); err != nil {
		t.Fatal(err)
	}
	pdf, err := os.ReadFile(pdfPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("%s is not a PDF", pdfPath)
	}
	out := artifactsDir(t)
	prefix := filepath.Join(out, "report-page1")
	cmd := exec.Command(pdftoppm, "-png", "-f", "1", "-l", "1", "-r", "60", "-singlefile", pdfPath, prefix)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, msg)
	}
	png, err := os.ReadFile(prefix + ".png")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG")) || len(png) < 5000 {
		t.Fatalf("%s.png: not a rendered page (%d bytes)", prefix, len(png))
	}
	t.Logf("first page: %s.png", prefix)
}

// TestDistrictMaps: the kecamatan comparison draws every one of Kota Medan's 21 kecamatan on a
// map per key indicator, with the boundaries' attribution; those without data are hatched.
func TestDistrictMaps(t *testing.T) {
	r := build(t, fixture(t, true), "id")
	var b bytes.Buffer
	if err := r.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	doc := b.String()
	if got, want := strings.Count(doc, `data-region="`), 21*len(r.KeyIndicators); got != want {
		t.Errorf("%d region paths, want %d (21 kecamatan on each of %d maps)", got, want, len(r.KeyIndicators))
	}
	if !strings.Contains(doc, "Sumber batas: BPS 2020 via OCHA HDX COD-AB (CC BY-IGO)") {
		t.Error("the maps lack the boundaries' attribution")
	}
	if !strings.Contains(doc, `class="region nodata"`) || !strings.Contains(doc, `class="region q`) {
		t.Error("want both kecamatan with data and kecamatan without data on the maps")
	}
}

// sectionsText is the report's tables and notes as text, formatted in the report's language.
func sectionsText(r *Report) string {
	var b strings.Builder
	for _, s := range r.Sections() {
		b.WriteString("## " + s.Title + "\n")
		for _, m := range s.Missing {
			b.WriteString("missing: " + m + "\n")
		}
		for _, tbl := range s.Tables {
			b.WriteString("### " + tbl.Sheet + ": " + tbl.Title + "\n")
			var hs []string
			for _, c := range tbl.Cols {
				h := c.Header
				if c.Unit != "" {
					h += " [" + c.Unit + "]"
				}
				hs = append(hs, h)
			}
			b.WriteString(strings.Join(hs, " | ") + "\n")
			for _, row := range tbl.Rows {
				var cs []string
				for j, c := range row.Cells {
					cs = append(cs, r.Lang.Cell(tbl.Cols[j], c))
				}
				b.WriteString(strings.Join(cs, " | ") + "\n")
			}
		}
		for _, n := range s.Notes {
			b.WriteString("note: " + n + "\n")
		}
	}
	return b.String()
}

// TestSuppressedAndMixedInTheReport: an estimate BPS would not publish is no number in the
// report, nor is a ratio with such a side; a gap of mixed origins is marked ◇ and explained.
func TestSuppressedAndMixedInTheReport(t *testing.T) {
	w := snapshottest.NewWarehouse(t)
	w.Exec(extraSQL)
	w.Exec(`UPDATE published.gender_gap SET mixed_origin = true WHERE region_code = '1275' AND indicator = 'labour_force_participation';
		UPDATE published.indicator_value SET band = 'suppress', rse = 0.62
		WHERE region_code = '1275020' AND indicator = 'labour_force_participation' AND sex = 'P'`)
	db, err := snapshot.OpenReadOnly(context.Background(), w.Publish(7))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	text := sectionsText(build(t, db, "id"))
	for _, want := range []string{
		"Tingkat Partisipasi Angkatan Kerja (TPAK) * ‡ ◇ | persen | 54,50 | 82,00 |",
		"note: ◇ asal campuran",
		"Medan Johor † | – | 79,00 | – |",
		"Medan Johor | Tingkat Partisipasi Angkatan Kerja (TPAK) | P | – | 21",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the report lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "49,00") {
		t.Errorf("the report shows the suppressed estimate 49,00:\n%s", text)
	}
}
