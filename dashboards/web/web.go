package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/setara-pug/setara/dashboards/present"
	"github.com/setara-pug/setara/pipeline/snapshot"
	"github.com/setara-pug/setara/pipeline/templates"
)

// Options configure the dashboard.
type Options struct {
	Logger *slog.Logger     // nil: discard
	Now    func() time.Time // nil: time.Now
	// ShowUnreliable shows microdata estimates flagged unreliable (marked "*") instead of
	// suppressing them as "–".
	ShowUnreliable bool
	// MaxDownloadRows is the most rows a CSV or XLSX download holds (0:
	// DefaultMaxDownloadRows); a longer table is cut, and the file and the answer say so.
	MaxDownloadRows int
	// MaxUpload is the largest upload the server takes, in bytes, as the upload page says it
	// (the server passes its limit).
	MaxUpload int64
}

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// contentSecurityPolicy allows nothing from elsewhere and no inline script; inline styles are
// allowed for the SVG charts.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

// SetSecurityHeaders sets the security headers of every answer setara's HTTP server gives,
// pages and APIs alike (the server sets them again just before each answer is written).
func SetSecurityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
}

type handler struct {
	store          *snapshot.Store
	log            *slog.Logger
	now            func() time.Time
	showUnreliable bool
	tmpl           *template.Template
	mux            *http.ServeMux
	catalogs       catalogCache
	maxRows        int
	maps           map[string]*present.Boundaries // parent region -> its children's outlines
	maxUpload      int64
}

// builder fills r.page for one page.
type builder func(r *request) error

// pages maps each page path to its builder; downloads find a table's page here.
var pageBuilders = map[string]builder{
	"/": buildSummary, "/wilayah": buildRegions, "/indikator": buildIndicator, "/program": buildProgram, "/evaluasi": buildEvaluation, "/unggah": buildUpload,
	"/asal": buildDerivation,
	"/data": buildData,
}

// tablePages maps each downloadable table to the page that builds it.
var tablePages = map[string]string{
	"indices": "/", "regions": "/wilayah", "indicator": "/indikator",
	"programs": "/program", "target-groups": "/program", "opd-ranking": "/program",
	"readiness": "/evaluasi", "opd-evaluation": "/evaluasi", "evaluation-activities": "/evaluasi", "findings": "/evaluasi",
	"stages": "/data", "checks": "/data", "batches": "/data", "rejected": "/data", "uploads": "/data",
	"derivation-inputs": "/asal", "derivation-terms": "/asal",
	"completeness-summary": "/data", "completeness": "/data",
}

// NewHandler serves the dashboard from the store's current snapshot.
func NewHandler(store *snapshot.Store, opts Options) http.Handler {
	h := &handler{store: store, log: opts.Logger, now: opts.Now, showUnreliable: opts.ShowUnreliable, maxRows: opts.MaxDownloadRows,
		maxUpload: opts.MaxUpload}
	if h.maxRows <= 0 {
		h.maxRows = DefaultMaxDownloadRows
	}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	if h.now == nil {
		h.now = time.Now
	}
	maps, err := present.LoadMaps()
	if err != nil {
		panic(err) // the boundary files are embedded at build time; a test parses them
	}
	h.maps = maps
	h.tmpl = template.Must(template.New("").Funcs(templateFuncs).ParseFS(templateFiles, "templates/*.html"))
	static, err := fs.Sub(staticFiles, "static")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	h.mux = http.NewServeMux()
	for path := range pageBuilders {
		pattern := "GET " + path
		if path == "/" {
			pattern = "GET /{$}"
		}
		h.mux.HandleFunc(pattern, h.servePage(path))
	}
	h.mux.HandleFunc("GET /download/{file}", h.serveDownload)
	h.mux.HandleFunc("GET /templat/{file}", h.serveTemplate)
	h.mux.HandleFunc("GET /api/derivation", h.serveDerivationAPI)
	h.mux.HandleFunc("GET /laporan", h.serveReport)
	h.mux.Handle("GET /static/", http.StripPrefix("/static/", staticHandler(http.FileServerFS(static))))
	h.mux.Handle("GET /static/chart.css", staticHandler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		io.WriteString(w, string(present.ChartCSS))
	})))
	h.mux.HandleFunc("/", func(w http.ResponseWriter, req *http.Request) {
		h.renderMessage(w, present.LangOf(req.URL.Query().Get("lang")), http.StatusNotFound, "notfound.title", "notfound.body", "")
	})
	return h
}

func (h *handler) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	SetSecurityHeaders(w.Header())
	h.mux.ServeHTTP(w, req)
}

func staticHandler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		next.ServeHTTP(w, req)
	})
}

// build acquires the current snapshot and runs the page's builder.
func (h *handler) build(ctx context.Context, path string, p params, full bool) (*page, func(), error) {
	rd, release, err := h.store.AcquireFor(ctx)
	if err != nil {
		return nil, nil, err
	}
	cat, err := h.catalogs.get(ctx, rd)
	if err != nil {
		release()
		return nil, nil, err
	}
	if _, ok := cat.regionBy[p.Region]; !ok {
		release()
		return nil, nil, errNotFound
	}
	l := present.LangOf(p.Lang)
	pg := newPage(l, p, path)
	pg.Info, pg.SnapshotID = cat.info, rd.ID
	r := &request{ctx: ctx, db: rd.DB, cat: cat, p: p, l: l, page: pg, full: full, showUnreliable: h.showUnreliable, maps: h.maps, maxRows: h.maxRows,
		maxUpload: h.maxUpload}
	if err := pageBuilders[path](r); err != nil {
		release()
		return nil, nil, err
	}
	pg.Notes = append(pg.Notes, tableNotes(l, pg.tables)...)
	pg.filters = r.filters()
	return pg, release, nil
}

// tableNotes explains the marks used in the page's tables.
func tableNotes(l present.Lang, tables []*table) []string {
	var suppressed, unreliable, approx, mixed, caution bool
	for _, t := range tables {
		for _, row := range t.Rows {
			for _, c := range row {
				suppressed = suppressed || strings.Contains(c.Class, "suppressed")
				unreliable = unreliable || strings.Contains(c.Class, "unreliable")
				approx = approx || c.Mark == "≈"
				mixed = mixed || strings.Contains(c.Mark, "◇")
				caution = caution || strings.Contains(c.Class, "caution")
			}
		}
	}
	var notes []string
	if suppressed {
		notes = append(notes, l.T("unreliable.note"))
	}
	if unreliable {
		notes = append(notes, l.T("unreliable.shown"))
	}
	if approx {
		notes = append(notes, l.T("approx.note"))
	}
	if mixed {
		notes = append(notes, l.T("gap.mixed"))
	}
	if caution {
		notes = append(notes, l.T("caution.note"))
	}
	return notes
}

func (h *handler) servePage(path string) http.HandlerFunc {
	return func(w http.ResponseWriter, req *http.Request) {
		p, err := parseParams(req.URL.Query())
		pg, release, ok := h.buildFor(w, req, path, p, err, false)
		if !ok {
			return
		}
		defer release()
		h.render(w, http.StatusOK, pg)
	}
}

// buildFor builds the page at path for the request's parameters p (all table rows when full).
// When it cannot, it answers the request itself, 400 when parsing p failed with perr, else as
// fail does, and ok is false.
func (h *handler) buildFor(w http.ResponseWriter, req *http.Request, path string, p params, perr error, full bool) (pg *page, release func(), ok bool) {
	l := present.LangOf(p.Lang)
	if perr != nil {
		h.renderMessage(w, l, http.StatusBadRequest, "badrequest.title", "", perr.Error())
		return nil, nil, false
	}
	pg, release, err := h.build(req.Context(), path, p, full)
	if err != nil {
		h.fail(w, req, l, err)
		return nil, nil, false
	}
	return pg, release, true
}

func (h *handler) serveDownload(w http.ResponseWriter, req *http.Request) {
	file := req.PathValue("file")
	id, ext, _ := strings.Cut(file, ".")
	path, ok := tablePages[id]
	p, err := parseParams(req.URL.Query())
	l := present.LangOf(p.Lang)
	if !ok || (ext != "csv" && ext != "xlsx") {
		h.renderMessage(w, l, http.StatusNotFound, "notfound.title", "notfound.body", "")
		return
	}
	pg, release, ok := h.buildFor(w, req, path, p, err, true)
	if !ok {
		return
	}
	defer release()
	var t *table
	for _, candidate := range pg.tables {
		if candidate.ID == id {
			t = candidate
		}
	}
	if t == nil {
		h.renderMessage(w, l, http.StatusNotFound, "notfound.title", "notfound.body", "")
		return
	}
	pv := pg.provenance(t, h.maxRows)
	var body []byte
	var ctype string
	if ext == "csv" {
		body, err = t.writeCSV(l, pv)
		ctype = "text/csv; charset=utf-8; header=present"
	} else {
		body, err = t.writeXLSX(l, pv)
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	if err != nil {
		h.fail(w, req, l, err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	setProvenanceHeaders(w.Header(), pv, req.URL.RawQuery)
	w.Header().Set("Content-Disposition", `attachment; filename="setara-`+id+`-`+pg.SnapshotID+`.`+ext+`"`)
	w.Write(body)
}

// serveTemplate answers /templat/KIND.xlsx: the Excel template of an input kind (package
// templates), in the page's language.
func (h *handler) serveTemplate(w http.ResponseWriter, req *http.Request) {
	l := present.LangOf(req.URL.Query().Get("lang"))
	kind, ok := strings.CutSuffix(req.PathValue("file"), ".xlsx")
	if !ok || !slices.Contains(templates.Kinds, kind) {
		h.renderMessage(w, l, http.StatusNotFound, "notfound.title", "notfound.body", "")
		return
	}
	var b bytes.Buffer
	var opds []string // an OPD's own template: its codes in the opd_code dropdown
	for _, c := range strings.Split(req.URL.Query().Get("opd"), ",") {
		if c = strings.TrimSpace(c); c != "" && len(c) <= 32 && len(opds) < 50 {
			opds = append(opds, c)
		}
	}
	if err := templates.Write(&b, kind, templates.Options{Lang: string(l), OPDs: opds}); err != nil {
		h.fail(w, req, l, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="templat-setara-`+kind+`.xlsx"`)
	w.Write(b.Bytes())
}

// fail maps an error to a page: nothing published, not found, bad request, or a logged 500.
func (h *handler) fail(w http.ResponseWriter, req *http.Request, l present.Lang, err error) {
	var bad errBadParam
	switch {
	case errors.Is(err, snapshot.ErrNoSnapshot):
		h.renderMessage(w, l, http.StatusServiceUnavailable, "nosnapshot.title", "nosnapshot.body", "")
	case errors.Is(err, errNotFound):
		h.renderMessage(w, l, http.StatusNotFound, "notfound.title", "notfound.body", "")
	case errors.As(err, &bad):
		h.renderMessage(w, l, http.StatusBadRequest, "badrequest.title", "", bad.Error())
	case req.Context().Err() != nil:
		// the client went away; nothing to tell it
	default:
		h.log.Error("web page failed", "path", req.URL.Path, "err", err)
		h.renderMessage(w, l, http.StatusInternalServerError, "error.title", "error.body", "")
	}
}

func (h *handler) renderMessage(w http.ResponseWriter, l present.Lang, status int, title, body, detail string) {
	pg := newPage(l, params{Lang: string(l), Region: defaultRegion}, "")
	pg.Title = l.T(title)
	pg.Message = &messageView{Heading: l.T(title), Body: detail}
	if body != "" {
		pg.Message.Body = l.T(body)
	}
	h.render(w, status, pg)
}

func (h *handler) render(w http.ResponseWriter, status int, pg *page) {
	var buf bytes.Buffer
	if err := h.tmpl.ExecuteTemplate(&buf, "layout", pg); err != nil {
		h.log.Error("web template failed", "page", pg.Path, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// tableData is what the "table" template gets.
type tableData struct {
	L present.Lang
	T *table
}

var templateFuncs = template.FuncMap{
	"tableArgs": func(l present.Lang, t *table) tableData { return tableData{L: l, T: t} },
	"anySelected": func(opts []option) bool {
		for _, o := range opts {
			if o.Selected {
				return true
			}
		}
		return false
	},
}
