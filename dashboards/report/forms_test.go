package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/setara-pug/setara/dashboards/present"
)

// TestHTMLUsesPresentForms: the report prints present's rupiah, percent, date and missing
// mark, so it reads like the web pages.
func TestHTMLUsesPresentForms(t *testing.T) {
	db := fixture(t, true)
	for _, lang := range []string{"id", "en"} {
		r := build(t, db, lang)
		var b bytes.Buffer
		if err := r.WriteHTML(&b); err != nil {
			t.Fatal(err)
		}
		l := r.Lang
		p := r.ProgramTotal
		for _, w := range []string{l.Rupiah(p.Budget.Float64), "(" + l.Percent(p.ResponsiveShare.Float64, 1) + ")",
			l.Date(r.PublishedAt), `<td class="n">` + present.Missing + `</td>`} {
			if !strings.Contains(b.String(), w) {
				t.Errorf("%s: HTML lacks %q", lang, w)
			}
		}
	}
}

// TestXLSXUsesPresentFormats: workbook cells hold numbers with present's number formats.
func TestXLSXUsesPresentFormats(t *testing.T) {
	f := workbook(t, build(t, fixture(t, true), "id"))
	for _, c := range []struct {
		cell string
		kind present.Kind
		dec  int
	}{{"E2", present.KRupiah, 0}, {"C2", present.KInt, 0}, {"I3", present.KShare, 1}} {
		id, err := f.GetCellStyle("Anggaran OPD", c.cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if st.CustomNumFmt == nil || *st.CustomNumFmt != present.NumberFormat(c.kind, c.dec) {
			t.Errorf("%s: number format %v, want %q", c.cell, st.CustomNumFmt, present.NumberFormat(c.kind, c.dec))
		}
	}
}
