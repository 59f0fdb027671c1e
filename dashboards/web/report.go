package web

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"

	"github.com/setara-pug/setara/dashboards/present"
	"github.com/setara-pug/setara/dashboards/report"
)

// serveReport answers /laporan?year=Y&region=R&lang=L&format=html|xlsx|pdf with the annual PUG
// evaluation report (package report) built from the same snapshot as the pages.
func (h *handler) serveReport(w http.ResponseWriter, req *http.Request) {
	q := req.URL.Query()
	p, err := parseParams(q)
	l := present.LangOf(p.Lang)
	if err != nil {
		h.renderMessage(w, l, http.StatusBadRequest, "badrequest.title", "badrequest.body", err.Error())
		return
	}
	format := q.Get("format")
	if format == "" {
		format = "html"
	}
	if format != "html" && format != "xlsx" && format != "pdf" {
		h.renderMessage(w, l, http.StatusBadRequest, "badrequest.title", "badrequest.body", "format="+format)
		return
	}
	rd, release, err := h.store.AcquireFor(req.Context())
	if err != nil {
		h.renderMessage(w, l, http.StatusServiceUnavailable, "nosnapshot.title", "nosnapshot.body", "")
		return
	}
	defer release()
	ctx := req.Context()
	year := p.Year
	if year == 0 {
		if year, err = latestReportYear(ctx, rd.DB, p.Region); err != nil {
			h.log.Error("report year", "err", err)
			h.renderMessage(w, l, http.StatusInternalServerError, "error.title", "error.body", "")
			return
		}
	}
	lang := "id"
	if p.Lang == "en" {
		lang = "en"
	}
	rep, err := report.Build(ctx, rd.DB, report.Options{Year: year, Region: p.Region, Lang: lang, SnapshotID: rd.ID})
	if errors.Is(err, report.ErrUnknownRegion) {
		h.renderMessage(w, l, http.StatusNotFound, "notfound.title", "notfound.body", "")
		return
	}
	if err != nil {
		h.log.Error("report", "err", err)
		h.renderMessage(w, l, http.StatusInternalServerError, "error.title", "error.body", "")
		return
	}
	name := fmt.Sprintf("laporan-pug-%d", year)
	// The report names its snapshot and filters inside (cover, Sumber & Catatan); the answer too.
	w.Header().Set("X-Setara-Snapshot", rd.ID)
	w.Header().Set("X-Setara-Filters", url.Values{"region": {rep.Region.Code}, "year": {strconv.Itoa(year)}, "lang": {lang}}.Encode())
	switch format {
	case "html":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		err = rep.WriteHTML(w)
	case "xlsx":
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
		err = rep.WriteXLSX(w)
	case "pdf":
		err = h.servePDF(ctx, w, rep, name)
		if errors.Is(err, report.ErrNoChromium) {
			h.renderMessage(w, l, http.StatusServiceUnavailable, "error.title", "error.body", err.Error())
			return
		}
	}
	if err != nil {
		h.log.Error("report", "format", format, "err", err)
	}
}

func (h *handler) servePDF(ctx context.Context, w http.ResponseWriter, rep *report.Report, name string) error {
	dir, err := os.MkdirTemp("", "setara-report-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	htmlPath := filepath.Join(dir, name+".html")
	f, err := os.Create(htmlPath)
	if err != nil {
		return err
	}
	if err := rep.WriteHTML(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	pdfPath := filepath.Join(dir, name+".pdf")
	if err := report.RenderPDF(ctx, htmlPath, pdfPath); err != nil {
		return err
	}
	pdf, err := os.Open(pdfPath)
	if err != nil {
		return err
	}
	defer pdf.Close()
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.pdf"`)
	_, err = io.Copy(w, pdf)
	return err
}

// latestReportYear is the newest year with a gender index for the region, or with OPD programs.
func latestReportYear(ctx context.Context, db *sql.DB, region string) (int, error) {
	var y sql.NullInt64
	err := db.QueryRowContext(ctx, `SELECT greatest(
		(SELECT max(year) FROM gender_index WHERE region_code = ?),
		(SELECT max(year) FROM program_summary))`, region).Scan(&y)
	if err != nil {
		return 0, err
	}
	if !y.Valid {
		return 0, errNotFound
	}
	return int(y.Int64), nil
}
