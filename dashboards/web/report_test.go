package web

import (
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestReportLinksAndDownloads follows the footer's report links: the HTML report of the page's
// year, and the XLSX workbook, both built from the page's snapshot.
func TestReportLinksAndDownloads(t *testing.T) {
	h := NewHandler(fixtureStore(t, fixtureOptions{}), Options{Now: fixedNow, Logger: testLogger(t)})
	_, page, _ := get(t, h, "/?year=2023")
	if !strings.Contains(page, `href="/laporan?format=xlsx&amp;year=2023"`) {
		t.Fatalf("page has no XLSX report link for 2023")
	}
	code, body, hdr := get(t, h, "/laporan?year=2023")
	if code != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "text/html") {
		t.Fatalf("/laporan: %d %s", code, hdr.Get("Content-Type"))
	}
	for _, want := range []string{"Laporan Hasil Pengendalian dan Evaluasi", "Kota Medan", "2023", "94,75"} {
		if !strings.Contains(body, want) {
			t.Errorf("HTML report lacks %q", want)
		}
	}
	if hdr.Get("X-Setara-Snapshot") != "run-000001" || hdr.Get("X-Setara-Filters") != "lang=id&region=1275&year=2023" {
		t.Errorf("/laporan: snapshot %q, filters %q", hdr.Get("X-Setara-Snapshot"), hdr.Get("X-Setara-Filters"))
	}
	code, body, hdr = get(t, h, "/laporan?year=2023&format=xlsx&lang=en")
	if code != 200 || !strings.Contains(hdr.Get("Content-Disposition"), "laporan-pug-2023.xlsx") {
		t.Fatalf("/laporan xlsx: %d %q", code, hdr.Get("Content-Disposition"))
	}
	f, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("report workbook does not open: %v", err)
	}
	defer f.Close()
	if len(f.GetSheetList()) < 3 {
		t.Errorf("report workbook has sheets %v", f.GetSheetList())
	}
	if code, _, _ := get(t, h, "/laporan?format=doc"); code != 400 {
		t.Errorf("/laporan?format=doc answered %d, want 400", code)
	}
}
