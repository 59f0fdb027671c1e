package web

import (
	"html"
	"net/http"
	"strings"
	"testing"
)

// The Data page shows each batch's standing and why, in the page's language: a quarantined
// batch names its check in words and the offending row with numbers as numbers, never the
// JSON it is stored as.
func TestDataPageShowsBatchStandingAndReason(t *testing.T) {
	h := NewHandler(fixtureStore(t, fixtureOptions{}), Options{Now: fixedNow, Logger: testLogger(t)})
	tests := []struct {
		url       string
		want, not []string
	}{
		{"/data", []string{"dikarantina", "ditarik", "aktif",
			"dikarantina oleh run 1: pemeriksaan Setiap nilai indeks berada dalam rentang sahnya (gender_index_in_range) gagal pada baris: region_code 1275, year 2018, index_code idg, value 107,2, valid_min 0, valid_max 100 (refresh, 5 Maret 2024 14.00 WIB)",
			"salah putaran survei (analis, 5 Maret 2024 13.59 WIB)",
			"Run #0 gagal: pemeriksaan Setiap nilai indeks berada dalam rentang sahnya (gender_index_in_range) menemukan 1 baris bermasalah, misalnya: index_code idg, region_code 1275, valid_max 100, valid_min 0, value 107,2, year 2018"},
			[]string{`{"region_code"`, "107.2", "Width"}},
		{"/data?lang=en", []string{"quarantined", "retracted",
			"quarantined by run 1: check Every index value lies within its valid range (gender_index_in_range) failed on the rows: region_code 1275, year 2018, index_code idg, value 107.2, valid_min 0, valid_max 100"},
			[]string{`{"region_code"`}},
	}
	for _, tc := range tests {
		code, body, _ := get(t, h, tc.url)
		if code != http.StatusOK {
			t.Fatalf("%s: status %d", tc.url, code)
		}
		text := html.UnescapeString(body)
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s lacks %q", tc.url, w)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(text, n) {
				t.Errorf("%s shows %q", tc.url, n)
			}
		}
	}
}
