package present

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Lang is the language of a page, report or summary.
type Lang string

// The languages.
const (
	ID Lang = "id" // Bahasa Indonesia, the default
	EN Lang = "en"
)

// Missing stands for a value that is not available, on every surface.
const Missing = "–"

// WIB is Western Indonesian Time, Kota Medan's zone (no daylight saving).
var WIB = time.FixedZone("WIB", 7*3600)

var months = map[Lang][12]string{
	ID: {"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"},
	EN: {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// ParseLang accepts "id" (also "") and "en", in any case.
func ParseLang(s string) (Lang, error) {
	switch strings.ToLower(s) {
	case "", "id":
		return ID, nil
	case "en":
		return EN, nil
	}
	return "", fmt.Errorf("language %q: expected id or en", s)
}

// LangOf is the language of a ?lang value: anything but "en" is Indonesian.
func LangOf(s string) Lang {
	if s == "en" {
		return EN
	}
	return ID
}

// T returns the message of key; an unknown key shows as itself so it is noticed.
func (l Lang) T(key string) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	return l.Pick(m[0], m[1])
}

// Pick returns the Indonesian or English variant of a text; an empty English one falls
// back to Indonesian.
func (l Lang) Pick(id, en string) string {
	if l == EN && en != "" {
		return en
	}
	return id
}

func (l Lang) separators() (thousands, decimal string) {
	if l == EN {
		return ",", "."
	}
	return ".", ","
}

// Num formats v with dec decimals: 1.234,5 (id) or 1,234.5 (en); Missing for NaN or ±Inf.
func (l Lang) Num(v float64, dec int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return Missing
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', dec, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	th, dp := l.separators()
	var b strings.Builder
	if v < 0 && strings.Trim(s, "0.") != "" {
		b.WriteString("−")
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(th)
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString(dp + frac)
	}
	return b.String()
}

// Value formats a number of unknown precision, as a check's offending value: at most four
// decimals, trailing zeros dropped (107,2 / 107.2; 93,36; 1.000).
func (l Lang) Value(v float64) string {
	s := l.Num(v, 4)
	_, dp := l.separators()
	if strings.Contains(s, dp) {
		s = strings.TrimRight(strings.TrimRight(s, "0"), dp)
	}
	return s
}

// Int formats a count with thousands separators.
func (l Lang) Int(v float64) string { return l.Num(v, 0) }

// Signed is Num with a leading + for a change that does not round to zero.
func (l Lang) Signed(v float64, dec int) string {
	s := l.Num(v, dec)
	if v > 0 && strings.Trim(strconv.FormatFloat(v, 'f', dec, 64), "0.") != "" {
		return "+" + s
	}
	return s
}

// Percent formats a fraction 0-1 as a percentage without a space: 38,3% (id), 38.3% (en).
func (l Lang) Percent(frac float64, dec int) string {
	if math.IsNaN(frac) || math.IsInf(frac, 0) {
		return Missing
	}
	return l.Num(frac*100, dec) + "%"
}

// Rupiah formats an amount to the rupiah: Rp 1.234.567 (id), Rp 1,234,567 (en).
func (l Lang) Rupiah(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return Missing
	}
	return "Rp " + l.Num(math.Round(v), 0)
}

// RupiahCompact formats a large amount with one decimal and its unit word:
// Rp 1,2 miliar (id), Rp 1.2 billion (en); below a million it is Rupiah.
func (l Lang) RupiahCompact(v float64) string {
	abs := math.Abs(v)
	switch {
	case abs >= 1e12:
		return "Rp " + l.Num(v/1e12, 1) + " " + l.T("unit.trillion")
	case abs >= 1e9:
		return "Rp " + l.Num(v/1e9, 1) + " " + l.T("unit.billion")
	case abs >= 1e6:
		return "Rp " + l.Num(v/1e6, 1) + " " + l.T("unit.million")
	}
	return l.Rupiah(v)
}

// Day formats the date of t in WIB: 5 Maret 2024 (id), 5 March 2024 (en).
func (l Lang) Day(t time.Time) string {
	if t.IsZero() {
		return Missing
	}
	t = t.In(WIB)
	return strconv.Itoa(t.Day()) + " " + months[l.norm()][t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// Date formats a moment in WIB: 5 Maret 2024 14.05 WIB (id), 5 March 2024 14:05 WIB (en).
func (l Lang) Date(t time.Time) string {
	if t.IsZero() {
		return Missing
	}
	sep := "."
	if l == EN {
		sep = ":"
	}
	w := t.In(WIB)
	return l.Day(t) + " " + fmt.Sprintf("%02d%s%02d", w.Hour(), sep, w.Minute()) + " WIB"
}

func (l Lang) norm() Lang {
	if l == EN {
		return EN
	}
	return ID
}

// Formula returns an index formula from the catalog (written in English) in the language:
// the clauses of the published catalog have an Indonesian text; an expression or an
// unknown clause stays as written.
func (l Lang) Formula(text string) string {
	if l == EN || text == "" {
		return text
	}
	clauses := strings.Split(text, "; ")
	for i, c := range clauses {
		if id, ok := formulaID[c]; ok {
			clauses[i] = id
		}
	}
	return strings.Join(clauses, "; ")
}

// formulaID is the Indonesian text of the prose clauses of index_catalog.formula.
var formulaID = map[string]string{
	"dimension indices capped at 0 and 1":                            "indeks dimensi dibatasi pada 0 dan 1",
	"income on ln scale":                                             "pendapatan pada skala ln",
	"expenditure on ln scale":                                        "pengeluaran pada skala ln",
	"MMR truncated to [10, 1000]":                                    "AKI dibatasi pada [10, 1000]",
	"zero female seat share floored at 0.01 %":                       "porsi kursi perempuan yang nol diberi batas bawah 0,01%",
	"IPM by sex on 0-100 with BPS goalposts":                         "IPM menurut jenis kelamin pada skala 0-100 dengan nilai batas BPS",
	"EDEP with epsilon 2":                                            "EDEP dengan epsilon 2",
	"income part on assumed goalposts":                               "komponen pendapatan dengan nilai batas asumsi",
	"GII structure":                                                  "struktur GII",
	"Health_f = sqrt(c / (MTF * MHPK20)) with c = 5e-5 (calibrated)": "Health_f = sqrt(c / (MTF * MHPK20)) dengan c = 5e-5 (dikalibrasi)",
}
