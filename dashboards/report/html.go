package report

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"
)

//go:embed templates/report.html.tmpl
var templateFiles embed.FS

var monthsID = []string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}
var monthsEN = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

// Format formats a cell of column col in the language (numbers without their unit, which the
// column header carries).
func (l Lang) Format(col Col, c Cell) string {
	if col.Kind == KText || (!c.OK && c.Text != "") {
		return c.Text
	}
	if !c.OK || math.IsNaN(c.Num) {
		return "–"
	}
	dec := c.dec(col)
	switch col.Kind {
	case KInt, KRupiah:
		return l.Num(math.Round(c.Num), 0)
	case KShare:
		return l.Num(c.Num*100, dec)
	case KSigned:
		return l.Signed(c.Num, dec)
	default:
		return l.Num(c.Num, dec)
	}
}

// published is the snapshot's publication date in the language.
func (r *Report) published() string {
	if r.PublishedAt.IsZero() {
		return "–"
	}
	t := r.PublishedAt.UTC()
	months := monthsID
	if r.Lang == English {
		months = monthsEN
	}
	return fmt.Sprintf("%d %s %d, %02d:%02d UTC", t.Day(), months[t.Month()-1], t.Year(), t.Hour(), t.Minute())
}

// WriteHTML writes the report as one self-contained, printable HTML document.
func (r *Report) WriteHTML(w io.Writer) error {
	l := r.Lang
	tmpl, err := template.New("report.html.tmpl").Funcs(template.FuncMap{
		"t":       l.T,
		"cell":    l.Format,
		"numeric": func(c Col) bool { return c.Kind != KText },
		"join":    strings.Join,
		"inc":     func(i int) int { return i + 1 },
	}).ParseFS(templateFiles, "templates/report.html.tmpl")
	if err != nil {
		return fmt.Errorf("report: template: %w", err)
	}
	// html/template escapes the footer for its CSS string context.
	footer := r.Region.Name + " · " + l.T("subtitle") + " " + fmt.Sprint(r.Year) + " · " + r.SnapshotID
	data := struct {
		R         *Report
		Lang      Lang
		Sections  []Section
		Published string
		Footer    string
	}{r, l, r.Sections(), r.published(), footer}
	if err := tmpl.Execute(w, data); err != nil {
		return fmt.Errorf("report: writing HTML: %w", err)
	}
	return nil
}
