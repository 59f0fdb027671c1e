package web

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/setara-pug/setara/dashboards/present"
)

// TestPagesUsePresentForms: the pages show present's forms of percent, compact rupiah,
// date and the missing mark, in both languages, and none of the old web-only forms.
func TestPagesUsePresentForms(t *testing.T) {
	h := NewHandler(fixtureStore(t, fixtureOptions{}), Options{Now: fixedNow, Logger: testLogger(t)})
	for _, l := range []present.Lang{present.ID, present.EN} {
		q := "?lang=" + string(l)
		_, program, _ := get(t, h, "/program"+q)
		for _, w := range []string{l.Percent(0.383, 1), l.RupiahCompact(412.5e9), l.Int(181204)} {
			if !strings.Contains(program, w) {
				t.Errorf("/program%s lacks %q", q, w)
			}
		}
		if strings.Contains(program, "3 %") || strings.Contains(program, "—</") {
			t.Errorf("/program%s shows a percent with a space or an em dash for a missing value", q)
		}
		_, data, _ := get(t, h, "/data"+q)
		if w := l.Date(time.Date(2024, 3, 5, 7, 0, 0, 0, time.UTC)); !strings.Contains(data, w) {
			t.Errorf("/data%s lacks %q", q, w)
		}
		_, regions, _ := get(t, h, "/wilayah"+q+"&indicator=labour_force_participation")
		if !strings.Contains(regions, ">"+present.Missing+"<") {
			t.Errorf("/wilayah%s lacks the missing mark %q", q, present.Missing)
		}
	}
}

// TestCSVDownloadUsesPresentTable: a download holds numbers unformatted and a missing value
// as an empty field, never a page's text form.
func TestCSVDownloadUsesPresentTable(t *testing.T) {
	h := NewHandler(fixtureStore(t, fixtureOptions{}), Options{Now: fixedNow, Logger: testLogger(t)})
	_, body, _ := get(t, h, "/download/regions.csv?indicator=labour_force_participation")
	if !strings.HasPrefix(body, "\ufeff") {
		t.Error("no byte-order mark")
	}
	rows := readCSV(t, body, true)
	marks := slices.Index(rows[0], "Tanda")
	if marks < 0 {
		t.Fatalf("no Tanda column in the header %q", rows[0])
	}
	byRegion := map[string][]string{}
	for _, r := range rows[1:] {
		byRegion[r[0]] = r
		for i, c := range r {
			if i == marks {
				continue // the marks name the page's columns, signs included
			}
			if c == present.Missing || strings.HasSuffix(c, "%") || strings.Contains(c, "−") {
				t.Errorf("download holds a display form %q in %q", c, r)
			}
		}
	}
	// The page marks Medan Johor's women's TPAK ‡ (a caution estimate) and its gap ◇ (mixed
	// origins), and does not show Medan Amplas's (too few records): the download keeps the
	// numbers it may show, leaves the hidden one empty and says which is which.
	if r := byRegion["Medan Johor"]; r == nil || r[1] == "" || !strings.Contains(r[marks], "‡ Perempuan (P)") || !strings.Contains(r[marks], "◇") {
		t.Errorf("Medan Johor's row does not keep the value with its marks: %q", r)
	}
	if r := byRegion["Medan Amplas"]; r == nil || r[1] != "" || !strings.Contains(r[marks], present.Missing+" Perempuan (P)") {
		t.Errorf("Medan Amplas's hidden estimate is not empty and marked: %q", r)
	}
	if r := byRegion["Medan Baru"]; r == nil || r[marks] != "" {
		t.Errorf("an unmarked row has marks: %q", r)
	}
	for _, w := range []string{"# Keterangan: ‡ estimasi survei", "# Keterangan: ◇ asal campuran"} {
		if !strings.Contains(body, w) {
			t.Errorf("the download does not explain its marks: no %q in\n%s", w, body)
		}
	}
}
