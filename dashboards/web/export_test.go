package web

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestDownloadsSayWhatTheyAre: a CSV names its table, snapshot, snapshot date, filters and
// source in the lines after the table, in the page's language and dialect (Indonesian: `;`
// and a decimal comma; English: RFC 4180), and the answer's headers say the same.
func TestDownloadsSayWhatTheyAre(t *testing.T) {
	h := NewHandler(fixtureStore(t, fixtureOptions{}), Options{Now: fixedNow, Logger: testLogger(t)})
	for _, tc := range []struct {
		url  string
		id   bool
		want []string
		row  string // one data line as written
	}{
		{"/download/regions.csv?year=2023&index=ipg", true, []string{
			"# Tabel: IPG — Indeks Pembangunan Gender — Wilayah di bawah Kota Medan, 2023",
			"# Snapshot: run-000001", "# Tanggal snapshot: 5 Maret 2024 14.00 WIB",
			"# Filter: Wilayah = Kota Medan (1275) · Tahun = 2023 · Indeks = IPG", "# Sumber: setara: gender_index, indicator_value, gender_gap, region"},
			"Medan Baru;96,81;ya"},
		{"/download/regions.csv?year=2023&index=ipg&lang=en", false, []string{
			"# Snapshot: run-000001", "# Snapshot date: 5 March 2024 14:00 WIB",
			"# Filters: Region = Kota Medan (1275) · Year = 2023 · Index = IPG", "# Source: setara: gender_index; indicator_value"},
			"Medan Baru,96.81,yes"},
	} {
		code, body, hdr := get(t, h, tc.url)
		if code != http.StatusOK {
			t.Fatalf("%s: status %d", tc.url, code)
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: no line %q in\n%s", tc.url, w, body)
			}
		}
		if !strings.Contains(body, "\n"+tc.row+"\n") {
			t.Errorf("%s: no data line %q in\n%s", tc.url, tc.row, body)
		}
		if strings.Contains(body, "TERPOTONG") || strings.Contains(body, "TRUNCATED") {
			t.Errorf("%s: a complete download says it was cut", tc.url)
		}
		recs := readCSV(t, body, tc.id)
		if len(recs) != 5 || len(recs[0]) != 3 {
			t.Errorf("%s: read as %d records of %d fields, want the header and 4 rows of 3", tc.url, len(recs), len(recs[0]))
		}
		for k, v := range map[string]string{"X-Setara-Snapshot": "run-000001", "X-Setara-Snapshot-Published": "2024-03-05T07:00:04Z",
			"X-Setara-Truncated": "false", "X-Setara-Rows": "4", "X-Setara-Total-Rows": "4"} {
			if got := hdr.Get(k); got != v {
				t.Errorf("%s: %s = %q, want %q", tc.url, k, got, v)
			}
		}
		if got := hdr.Get("X-Setara-Filters"); !strings.Contains(got, "index=ipg") || !strings.Contains(got, "year=2023") {
			t.Errorf("%s: X-Setara-Filters = %q", tc.url, got)
		}
	}
}

// TestDownloadCutSaysSo: a table longer than the row limit is cut, and the CSV, the XLSX
// (under the table and on its Catatan sheet) and the answer's headers all say so.
func TestDownloadCutSaysSo(t *testing.T) {
	h := NewHandler(fixtureStore(t, fixtureOptions{}), Options{Now: fixedNow, Logger: testLogger(t), MaxDownloadRows: 5})
	code, body, hdr := get(t, h, "/download/indices.csv")
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	if recs := readCSV(t, body, true); len(recs) != 6 {
		t.Errorf("%d records, want the header and 5 rows", len(recs))
	}
	if !strings.Contains(body, "# TERPOTONG: 5 dari 23 baris") {
		t.Errorf("the CSV does not say it was cut:\n%s", body)
	}
	if hdr.Get("X-Setara-Truncated") != "true" || hdr.Get("X-Setara-Rows") != "5" || hdr.Get("X-Setara-Total-Rows") != "23" {
		t.Errorf("headers truncated=%q rows=%q total=%q", hdr.Get("X-Setara-Truncated"), hdr.Get("X-Setara-Rows"), hdr.Get("X-Setara-Total-Rows"))
	}
	code, xbody, xhdr := get(t, h, "/download/indices.xlsx?lang=en")
	if code != http.StatusOK || xhdr.Get("X-Setara-Truncated") != "true" {
		t.Fatalf("xlsx: status %d, truncated %q", code, xhdr.Get("X-Setara-Truncated"))
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(xbody)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) != 2 || sheets[1] != "Notes" {
		t.Fatalf("sheets %q, want the table and Notes", sheets)
	}
	rows, _ := f.GetRows(sheets[0])
	if last := rows[len(rows)-1]; len(rows) != 1+5+2 || !strings.HasPrefix(last[0], "TRUNCATED: 5 of 23 rows") {
		t.Errorf("table sheet: %d rows, last %q; want 5 data rows and the cut under them", len(rows), last)
	}
	notes, _ := f.GetRows("Notes")
	text := ""
	for _, r := range notes {
		text += strings.Join(r, "=") + "\n"
	}
	for _, w := range []string{"Snapshot=run-000001", "Snapshot date=5 March 2024 14:00 WIB", "Filters=Region = Kota Medan (1275) · Year = latest", "TRUNCATED=5 of 23 rows"} {
		if !strings.Contains(text, w) {
			t.Errorf("Notes sheet lacks %q:\n%s", w, text)
		}
	}
}

// TestXLSXKeepsNumbersWithFormats: an XLSX download holds numbers as numbers, each with the
// display format of how the page shows it (two decimals for an index, percent for a share,
// rupiah for a budget), which Excel shows in its user's locale.
func TestXLSXKeepsNumbersWithFormats(t *testing.T) {
	h := NewHandler(fixtureStore(t, fixtureOptions{}), Options{Now: fixedNow, Logger: testLogger(t)})
	for _, tc := range []struct {
		url, find, format string
	}{
		{"/download/regions.xlsx?year=2023&index=ipg", "96.81", "#,##0.00"},
		{"/download/programs.xlsx?year=2023", "0.19", "0.0%"},
		{"/download/programs.xlsx?year=2023", "1234567890", `"Rp "#,##0`},
	} {
		_, body, _ := get(t, h, tc.url)
		f, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
		if err != nil {
			t.Fatal(err)
		}
		sheet := f.GetSheetList()[0]
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		var cells []string
		for i, r := range rows {
			for j, v := range r {
				if v == tc.find {
					name, _ := excelize.CoordinatesToCellName(j+1, i+1)
					cells = append(cells, name)
				}
			}
		}
		if len(cells) == 0 {
			t.Errorf("%s: no cell %s", tc.url, tc.find)
			f.Close()
			continue
		}
		typ, _ := f.GetCellType(sheet, cells[0])
		style, _ := f.GetCellStyle(sheet, cells[0])
		st, _ := f.GetStyle(style)
		got := ""
		if st != nil && st.CustomNumFmt != nil {
			got = *st.CustomNumFmt
		}
		if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString || got != tc.format {
			t.Errorf("%s: cell %s (%s) has type %v and format %q, want a number with %q", tc.url, cells[0], tc.find, typ, got, tc.format)
		}
		f.Close()
	}
}
