package web

import (
	"math"
	"testing"
	"time"
)

func TestLocaleFormats(t *testing.T) {
	tests := []struct {
		name   string
		got    func(*locale) string
		id, en string
	}{
		{"index", func(l *locale) string { return l.Num(94.75, 2) }, "94,75", "94.75"},
		{"thousands", func(l *locale) string { return l.Int(1234567) }, "1.234.567", "1,234,567"},
		{"negative", func(l *locale) string { return l.Num(-29.391, 2) }, "−29,39", "−29.39"},
		{"negative zero", func(l *locale) string { return l.Num(-0.001, 2) }, "0,00", "0.00"},
		{"signed", func(l *locale) string { return l.Signed(0.35, 2) }, "+0,35", "+0.35"},
		{"signed zero", func(l *locale) string { return l.Signed(0.001, 2) }, "0,00", "0.00"},
		{"percent", func(l *locale) string { return l.Percent(0.383, 1) }, "38,3 %", "38.3 %"},
		{"rupiah billion", func(l *locale) string { return l.Rupiah(1_234_567_890) }, "Rp 1,2 miliar", "Rp 1.2 billion"},
		{"rupiah trillion", func(l *locale) string { return l.Rupiah(2.5e12) }, "Rp 2,5 triliun", "Rp 2.5 trillion"},
		{"rupiah million", func(l *locale) string { return l.Rupiah(750_000_000) }, "Rp 750,0 juta", "Rp 750.0 million"},
		{"rupiah full", func(l *locale) string { return l.RupiahFull(1_234_567_890) }, "Rp 1.234.567.890", "Rp 1,234,567,890"},
		{"date", func(l *locale) string { return l.Date(time.Date(2024, 8, 17, 3, 5, 0, 0, time.UTC)) }, "17 Agustus 2024 10.05 WIB", "17 August 2024 10:05 WIB"},
	}
	for _, tc := range tests {
		if got := tc.got(localeID); got != tc.id {
			t.Errorf("%s id: %q, want %q", tc.name, got, tc.id)
		}
		if got := tc.got(localeEN); got != tc.en {
			t.Errorf("%s en: %q, want %q", tc.name, got, tc.en)
		}
	}
}

// TestMessagesComplete checks that both languages have the same keys, so no label falls
// back to its key in one of them.
func TestMessagesComplete(t *testing.T) {
	for k := range messagesID {
		if _, ok := messagesEN[k]; !ok {
			t.Errorf("English lacks %q", k)
		}
	}
	for k := range messagesEN {
		if _, ok := messagesID[k]; !ok {
			t.Errorf("Indonesian lacks %q", k)
		}
	}
}

func TestNiceRange(t *testing.T) {
	tests := []struct{ lo, hi, wantLo, wantHi, wantStep float64 }{
		{90.85, 94.75, 90, 95, 1},
		{0.232, 0.465, 0.2, 0.5, 0.1},
		{5, 5, 4.6, 5.4, 0.2}, // a flat series gets ±5 %
	}
	for _, tc := range tests {
		lo, hi, step := niceRange(tc.lo, tc.hi)
		if !near(lo, tc.wantLo) || !near(hi, tc.wantHi) || !near(step, tc.wantStep) {
			t.Errorf("niceRange(%v, %v) = %v, %v, %v; want %v, %v, %v", tc.lo, tc.hi, lo, hi, step, tc.wantLo, tc.wantHi, tc.wantStep)
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
