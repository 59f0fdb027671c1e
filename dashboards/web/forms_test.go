package web

import (
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
	for _, r := range readCSV(t, body, true)[1:] {
		for _, c := range r {
			if c == present.Missing || strings.HasSuffix(c, "%") || strings.Contains(c, "−") {
				t.Errorf("download holds a display form %q in %q", c, r)
			}
		}
	}
}
