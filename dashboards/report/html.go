package report

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/setara-pug/setara/dashboards/present"
)

//go:embed templates/report.html.tmpl
var templateFiles embed.FS

// published is the snapshot's publication time in the language.
func (r *Report) published() string { return r.Lang.Date(r.PublishedAt) }

// WriteHTML writes the report as one self-contained, printable HTML document.
func (r *Report) WriteHTML(w io.Writer) error {
	l := r.Lang
	tmpl, err := template.New("report.html.tmpl").Funcs(template.FuncMap{
		"t":       l.T,
		"cell":    l.Cell,
		"numeric": Col.Numeric,
		"join":    strings.Join,
		"inc":     func(i int) int { return i + 1 },
	}).ParseFS(templateFiles, "templates/report.html.tmpl")
	if err != nil {
		return fmt.Errorf("report: template: %w", err)
	}
	// html/template escapes the footer for its CSS string context.
	footer := r.Region.Name + " · " + l.T("report.subtitle") + " " + fmt.Sprint(r.Year) + " · " + r.SnapshotID
	data := struct {
		R         *Report
		Lang      Lang
		Sections  []Section
		Published string
		Footer    string
		ChartCSS  template.CSS
	}{r, l, r.Sections(), r.published(), footer, present.ChartCSS}
	if err := tmpl.Execute(w, data); err != nil {
		return fmt.Errorf("report: writing HTML: %w", err)
	}
	return nil
}
