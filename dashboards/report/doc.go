// Package report builds the annual PUG evaluation report ("Laporan Hasil Pengendalian dan
// Evaluasi Pelaksanaan Program/Kegiatan Responsif Gender") of a region from a published
// snapshot: a printable, self-contained HTML document (A4 print CSS, inline SVG charts), an
// XLSX workbook with one sheet per table, and a PDF rendered from the HTML by headless Chromium.
//
// Every figure comes from the published tables (ARCHITECTURE.md, "Published snapshot"); the
// package formats (through dashboards/present, like the web pages), never recomputes. A
// section whose table the snapshot lacks says so.
//
//	path, _ := snapshot.Current(warehouse.PublishedDir(dbPath))
//	db, _ := snapshot.OpenReadOnly(ctx, path)
//	r, err := report.Build(ctx, db, report.Options{Year: 2024, SnapshotID: snapshot.ID(path)})
//	...
//	r.WriteHTML(htmlFile)
//	r.WriteXLSX(xlsxFile)
//	report.RenderPDF(ctx, htmlPath, pdfPath) // report.ErrNoChromium when Chromium is missing
//
// It belongs to the read side (dashboards/); its SQL lives beside it in sql/ and its words and
// number forms come from dashboards/present.
package report
