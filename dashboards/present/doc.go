// Package present is part of the read side (dashboards/): it is the one place where setara
// turns published figures into text for people. The web dashboard (dashboards/web), the
// annual report (dashboards/report) and the command-line summaries (cmd/setara/cli) all use
// it, so a figure reads the same on every surface.
//
// It holds:
//
//   - the locale, Lang (ID, EN): numbers (1.234,5 / 1,234.5), rupiah in full
//     (Rp 1.234.567) and compact (Rp 1,2 miliar / Rp 1.2 billion), percentages, dates and
//     times (5 Maret 2024 14.00 WIB / 5 March 2024 14:00 WIB);
//   - the Indonesian/English message catalog (Lang.T), each label once, and the
//     Indonesian wording of the index formulas (Lang.Formula);
//   - the table model (Table, Column, Row, Cell) with its CSV and XLSX writers;
//   - the SVG primitives: a line chart over years, a horizontal bar chart and a
//     choropleth map (Figure).
//
// Decisions:
//
//   - A percentage has no space before the sign in either language (38,3% / 38.3%), as
//     BPS tables and PUEBI write it.
//   - A missing value is the en dash Missing ("–") on every surface: the report always
//     used it, and it is the mark BPS tables use for "no data"; the em dash the web
//     showed is gone.
//   - A negative number starts with the minus sign U+2212 (−1.500), not a hyphen.
//   - Times are shown in Western Indonesian Time (WIB, UTC+7), Kota Medan's zone.
//   - CSV and XLSX hold numbers unformatted (a dot as decimal separator, no thousands
//     separator), so scripts and spreadsheets read them in any locale; XLSX carries the
//     display format as a number format.
//
// A chart is a Figure: a layout computed in Go (LineChart, BarChart, Choropleth) that renders
// itself as accessible inline SVG (title, desc, CSS classes s0-s2, female, male; q0-q4,
// nodata and water on maps). A Choropleth draws Boundaries (LoadMaps: the embedded
// kecamatan and kab/kota outlines of data/maps) shaded by equal-interval classes, a region
// without data hatched, a lake as water, with the boundaries' attribution.
//
// A download says what it is (Provenance: table, snapshot, date, filters, source, and the
// cut of a row limit): after a CSV's table as "# " lines, on an XLSX's last sheet.
package present
