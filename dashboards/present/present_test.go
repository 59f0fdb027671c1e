package present

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"
)

// TestForms pins the Indonesian and English forms every surface shows.
func TestForms(t *testing.T) {
	tests := []struct {
		name   string
		got    func(Lang) string
		id, en string
	}{
		{"number", func(l Lang) string { return l.Num(1234.5, 1) }, "1.234,5", "1,234.5"},
		{"index", func(l Lang) string { return l.Num(94.75, 2) }, "94,75", "94.75"},
		{"thousands", func(l Lang) string { return l.Int(1234567) }, "1.234.567", "1,234,567"},
		{"negative", func(l Lang) string { return l.Num(-29.391, 2) }, "−29,39", "−29.39"},
		{"negative zero", func(l Lang) string { return l.Num(-0.001, 2) }, "0,00", "0.00"},
		{"value", func(l Lang) string { return l.Value(107.2) }, "107,2", "107.2"},
		{"value whole", func(l Lang) string { return l.Value(1000) }, "1.000", "1,000"},
		{"value long", func(l Lang) string { return l.Value(93.36000001) }, "93,36", "93.36"},
		{"signed", func(l Lang) string { return l.Signed(0.35, 2) }, "+0,35", "+0.35"},
		{"signed zero", func(l Lang) string { return l.Signed(0.001, 2) }, "0,00", "0.00"},
		{"percent", func(l Lang) string { return l.Percent(0.383, 1) }, "38,3%", "38.3%"},
		{"rupiah", func(l Lang) string { return l.Rupiah(1_234_567) }, "Rp 1.234.567", "Rp 1,234,567"},
		{"rupiah small", func(l Lang) string { return l.Rupiah(999) }, "Rp 999", "Rp 999"},
		{"rupiah compact billion", func(l Lang) string { return l.RupiahCompact(1_234_567_890) }, "Rp 1,2 miliar", "Rp 1.2 billion"},
		{"rupiah compact trillion", func(l Lang) string { return l.RupiahCompact(2.5e12) }, "Rp 2,5 triliun", "Rp 2.5 trillion"},
		{"rupiah compact million", func(l Lang) string { return l.RupiahCompact(750_000_000) }, "Rp 750,0 juta", "Rp 750.0 million"},
		{"date", func(l Lang) string { return l.Date(time.Date(2024, 3, 5, 7, 0, 0, 0, time.UTC)) }, "5 Maret 2024 14.00 WIB", "5 March 2024 14:00 WIB"},
		{"day", func(l Lang) string { return l.Day(time.Date(2024, 8, 17, 3, 5, 0, 0, time.UTC)) }, "17 Agustus 2024", "17 August 2024"},
		{"missing number", func(l Lang) string { return l.Num(math.NaN(), 1) }, "–", "–"},
		{"missing percent", func(l Lang) string { return l.Percent(math.NaN(), 1) }, "–", "–"},
		{"missing rupiah", func(l Lang) string { return l.Rupiah(math.NaN()) }, "–", "–"},
		{"missing date", func(l Lang) string { return l.Date(time.Time{}) }, "–", "–"},
		{"missing cell", func(l Lang) string { return l.Cell(Column{Kind: KNum, Dec: 2}, Cell{}) }, "–", "–"},
		{"share cell", func(l Lang) string { return l.Cell(Column{Kind: KShare, Dec: 1}, Cell{Value: 0.753}) }, "75,3", "75.3"},
		{"formula", func(l Lang) string { return l.Formula("GII structure; c = 5e-5") }, "struktur GII; c = 5e-5", "GII structure; c = 5e-5"},
	}
	for _, tc := range tests {
		if got := tc.got(ID); got != tc.id {
			t.Errorf("%s id: %q, want %q", tc.name, got, tc.id)
		}
		if got := tc.got(EN); got != tc.en {
			t.Errorf("%s en: %q, want %q", tc.name, got, tc.en)
		}
	}
}

// TestCatalog checks that every label has both languages and that each text pair is
// written once.
func TestCatalog(t *testing.T) {
	seen := map[[2]string]string{}
	for k, m := range messages {
		if m[0] == "" || m[1] == "" {
			t.Errorf("%q lacks a language: %q", k, m)
		}
		if other, ok := seen[m]; ok {
			t.Errorf("%q and %q hold the same label %q", k, other, m)
		}
		seen[m] = k
	}
	if got := ID.T("no.such.key"); got != "no.such.key" {
		t.Errorf("unknown key: %q", got)
	}
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]Lang{"": ID, "id": ID, "EN": EN} {
		if got, err := ParseLang(in); err != nil || got != want {
			t.Errorf("ParseLang(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseLang("fr"); err == nil {
		t.Error("fr: want an error")
	}
}

func TestNiceRange(t *testing.T) {
	tests := []struct{ lo, hi, wantLo, wantHi, wantStep float64 }{
		{90.85, 94.75, 90, 95, 1},
		{0.232, 0.465, 0.2, 0.5, 0.1},
		{5, 5, 4.6, 5.4, 0.2}, // a flat series gets ±5%
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	for _, tc := range tests {
		lo, hi, step := NiceRange(tc.lo, tc.hi)
		if !near(lo, tc.wantLo) || !near(hi, tc.wantHi) || !near(step, tc.wantStep) {
			t.Errorf("NiceRange(%v, %v) = %v, %v, %v; want %v, %v, %v", tc.lo, tc.hi, lo, hi, step, tc.wantLo, tc.wantHi, tc.wantStep)
		}
	}
}

// TestWriteCSV: numbers unformatted, a missing value empty, a formula neutralised.
func TestWriteCSV(t *testing.T) {
	tb := &Table{Cols: []Column{{Header: "OPD"}, {Header: "Anggaran", Unit: "Rp", Kind: KRupiah}, {Header: "Porsi", Kind: KPlain}},
		Rows: []Row{{Cells: []Cell{{Text: "=cmd"}, {Value: 1234567.0}, {Text: Missing}}}, {Cells: []Cell{{Text: "Dinas"}, {Value: int64(5)}, {Text: "38,3%", Value: 0.383}}}}}
	var b bytes.Buffer
	if err := tb.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	want := "\ufeffOPD,Anggaran (Rp),Porsi\n'=cmd,1234567,\nDinas,5,0.383\n"
	if b.String() != want {
		t.Errorf("CSV:\n%q\nwant\n%q", b.String(), want)
	}
}

func TestCharts(t *testing.T) {
	c := NewLineChart(ID, LineSpec{ID: "t", Title: "IPG", Years: []int{2022, 2023},
		Series: []Series{{Name: "Kota Medan", Class: "s0", Values: map[int]float64{2022: 94.5, 2023: 94.75}}},
		Format: func(v float64) string { return ID.Num(v, 2) }})
	svg := string(c.SVG())
	for _, w := range []string{`<svg viewBox="0 0 360 200" role="img"`, "Kota Medan 2023: 94,75", `<title id="t-t">IPG</title>`} {
		if !strings.Contains(svg, w) {
			t.Errorf("line chart lacks %q:\n%s", w, svg)
		}
	}
	b := NewBarChart(BarSpec{ID: "b", Title: "Porsi", Rows: []BarInput{{Label: "Dinas", Values: []float64{38.3}, Texts: []string{ID.Percent(0.383, 1)}}}, Classes: []string{"s0"}})
	if svg := string(b.SVG()); !strings.Contains(svg, ">38,3%</text>") {
		t.Errorf("bar chart:\n%s", svg)
	}
}

func TestNonFinite(t *testing.T) {
	for _, c := range []struct {
		f    float64
		want string
		ok   bool
	}{{math.NaN(), "nan", true}, {math.Inf(1), "+inf", true}, {math.Inf(-1), "-inf", true}, {1.5, "", false}} {
		if got, ok := NonFinite(c.f, "nan", "+inf", "-inf"); got != c.want || ok != c.ok {
			t.Errorf("NonFinite(%v) = %q, %v; want %q, %v", c.f, got, ok, c.want, c.ok)
		}
	}
}
