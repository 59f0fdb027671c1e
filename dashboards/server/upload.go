package server

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/setara-pug/setara/dashboards/present"
	"github.com/setara-pug/setara/pipeline/ingest"
)

// DefaultMaxUpload is the largest file POST /api/upload takes unless Options.MaxUpload says
// otherwise; a bigger one is answered 413.
const DefaultMaxUpload = 20 << 20

// DefaultUploadRate is how many uploads one account may make in uploadWindow unless
// Options.UploadRate says otherwise; more are answered 429.
const DefaultUploadRate = 30

const uploadWindow = 10 * time.Minute

// UploadKinds are the input kinds an OPD's contributor may upload; an admin may upload any
// (templates.Kinds).
var UploadKinds = []string{"programs", "gbs", "readiness"}

// Upload is one file sent to POST /api/upload, for Options.Upload: saved whole to a temporary
// file (removed when Options.Upload returns) under a name of its own.
type Upload struct {
	Who    string   // the token's name
	OPDs   []string // a contributor's OPD codes; nil for an admin (any OPD, any kind)
	Name   string   // the file name as sent, cleaned: no directories, no control characters, at most 200 characters
	Path   string   // the temporary copy, with the file's extension (.csv, .xlsx or .parquet)
	Size   int64
	SHA256 string
}

// UploadResult is what Options.Upload made of an upload.
type UploadResult struct {
	Kind               string
	Accepted, Rejected int64
	Problems           []ingest.Problem // every rejected row (up to the caller's limit), by line
	StoredAs           string           // the inbox file, when stored ("": nothing stored)
	Annotated          []byte           // an XLSX upload with rejected rows: the workbook with them marked
	Loading            bool             // a refresh that loads it into a candidate snapshot has started
}

// KindRefusedError is Options.Upload's answer to a file of a kind the account may not upload
// (an OPD's contributor sends only UploadKinds): answered 400, in the page's language.
type KindRefusedError struct{ Kind string }

func (e *KindRefusedError) Error() string {
	return fmt.Sprintf(present.EN.T("upload.kind"), e.Kind)
}

// uploadLimiter counts each account's recent uploads.
type uploadLimiter struct {
	mu   sync.Mutex
	seen map[string][]time.Time
}

// allow records an upload of who at now, or says when the next one is allowed.
func (u *uploadLimiter) allow(who string, now time.Time, burst int) (bool, time.Duration) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.seen == nil {
		u.seen = map[string][]time.Time{}
	}
	recent := u.seen[who][:0]
	for _, t := range u.seen[who] {
		if now.Sub(t) < uploadWindow {
			recent = append(recent, t)
		}
	}
	if len(recent) >= burst {
		u.seen[who] = recent
		return false, uploadWindow - now.Sub(recent[0])
	}
	u.seen[who] = append(recent, now)
	return true, 0
}

// cleanName is a sent file name as it may be shown and recorded: its last path element (either
// slash), without NUL and control characters, at most 200 characters.
func cleanName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	name = filepath.Base("/" + name)
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return -1
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 200 { // keep the extension: it says what the file is
		ext := []rune(filepath.Ext(name))
		if len(ext) > 10 {
			ext = nil
		}
		name = string(r[:200-len(ext)]) + string(ext)
	}
	if name == "/" || name == "." || name == ".." || strings.TrimSpace(name) == "" {
		name = "berkas"
	}
	return name
}

// uploadAnswer is the JSON answer of POST /api/upload.
type uploadAnswer struct {
	File      string          `json:"file"`
	Kind      string          `json:"kind,omitempty"`
	Accepted  int64           `json:"accepted"`
	Rejected  int64           `json:"rejected"`
	Problems  []uploadProblem `json:"problems"`
	StoredAs  string          `json:"stored_as,omitempty"`
	Loading   bool            `json:"loading,omitempty"` // a refresh loads it now, into a candidate for approval
	Annotated string          `json:"annotated_xlsx_base64,omitempty"`
	Error     string          `json:"error,omitempty"`
}

type uploadProblem struct {
	Line     int64  `json:"line"`
	Column   string `json:"column"`
	Value    string `json:"value"`
	Reason   string `json:"reason"`    // Indonesian
	ReasonEN string `json:"reason_en"` // as the checks write it
}

// handleUpload takes one file (multipart field `file`) from an OPD's contributor or an admin:
// the token in the Authorization header or, from the web form, in the field `token` before the
// file (a cookie never counts for a POST). It answers JSON, or an HTML page to a browser.
func (s *Server) handleUpload(w http.ResponseWriter, r *http.Request) {
	l := present.LangOf(r.URL.Query().Get("lang"))
	asHTML := strings.Contains(r.Header.Get("Accept"), "text/html")
	answer := func(status int, a uploadAnswer) {
		w.Header().Set("Cache-Control", "no-store")
		if status == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "60")
		}
		if asHTML {
			s.uploadResultPage(w, l, status, a)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		if a.Problems == nil {
			a.Problems = []uploadProblem{}
		}
		json.NewEncoder(w).Encode(a)
	}
	fail := func(status int, key string, args ...any) {
		answer(status, uploadAnswer{Error: fmt.Sprintf(l.T(key), args...)})
	}
	if s.opts.Upload == nil {
		fail(http.StatusNotImplemented, "upload.unavailable")
		return
	}
	if s.tokens.empty() {
		fail(http.StatusForbidden, "upload.notokens")
		return
	}
	max := s.opts.MaxUpload
	r.Body = http.MaxBytesReader(w, r.Body, max+64<<10) // the file plus the form's other fields
	mr, err := r.MultipartReader()
	if err != nil {
		fail(http.StatusBadRequest, "upload.notmultipart")
		return
	}
	c, authed := caller{}, false
	if r.Header.Get("Authorization") != "" {
		c, authed = s.authenticate(r)
	}
	var up Upload
	defer func() {
		if up.Path != "" {
			os.Remove(up.Path)
		}
	}()
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			fail(http.StatusRequestEntityTooLarge, "upload.toobig", present.ID.Int(float64(max)/(1<<20)))
			return
		}
		if err != nil {
			fail(http.StatusBadRequest, "upload.notmultipart")
			return
		}
		switch part.FormName() {
		case "token":
			if !authed {
				v, _ := io.ReadAll(io.LimitReader(part, 4<<10))
				c, authed = s.tokens.lookup(strings.TrimSpace(string(v)))
			}
		case "lang":
			v, _ := io.ReadAll(io.LimitReader(part, 16))
			l = present.LangOf(strings.TrimSpace(string(v)))
		case "file":
			if !authed {
				fail(http.StatusUnauthorized, "upload.unauthorized")
				return
			}
			if !(c.role == RoleContributor || c.role == RoleAdmin) {
				fail(http.StatusForbidden, "upload.forbidden", c.role.String())
				return
			}
			if ok, wait := s.uploads.allow(c.name, s.now(), s.opts.UploadRate); !ok {
				fail(http.StatusTooManyRequests, "upload.ratelimit", int(wait.Minutes())+1)
				return
			}
			status, key, arg := s.receive(part, max, &up)
			if status != 0 {
				fail(status, key, arg...)
				return
			}
		}
		part.Close()
	}
	if up.Path == "" {
		if !authed {
			fail(http.StatusUnauthorized, "upload.unauthorized")
			return
		}
		fail(http.StatusBadRequest, "upload.nofile")
		return
	}
	up.Who = c.name
	if c.role == RoleContributor {
		up.OPDs = c.opds
	}
	res, err := s.opts.Upload(r.Context(), up)
	var fileErr *ingest.FileError
	var kindErr *KindRefusedError
	switch {
	case errors.Is(err, ErrRetractBusy):
		fail(http.StatusServiceUnavailable, "upload.busy")
		return
	case errors.As(err, &fileErr):
		answer(http.StatusBadRequest, uploadAnswer{File: up.Name, Error: l.Pick(ingest.ReasonID(fileErr.Err.Error()), fileErr.Err.Error())})
		return
	case errors.As(err, &kindErr):
		answer(http.StatusBadRequest, uploadAnswer{File: up.Name, Kind: kindErr.Kind, Error: fmt.Sprintf(l.T("upload.kind"), kindErr.Kind)})
		return
	case err != nil:
		s.log.Error("upload failed", "who", c.name, "file", up.Name, "err", err)
		fail(http.StatusInternalServerError, "upload.failed")
		return
	}
	a := uploadAnswer{File: up.Name, Kind: res.Kind, Accepted: res.Accepted, Rejected: res.Rejected, StoredAs: res.StoredAs,
		Loading: res.Loading}
	for _, p := range res.Problems {
		a.Problems = append(a.Problems, uploadProblem{Line: p.Line, Column: p.Column, Value: p.Value,
			Reason: ingest.ReasonID(p.Reason), ReasonEN: p.Reason})
	}
	if len(res.Annotated) > 0 {
		a.Annotated = base64.StdEncoding.EncodeToString(res.Annotated)
	}
	s.log.Info("upload", "who", c.name, "file", up.Name, "kind", res.Kind, "accepted", res.Accepted,
		"rejected", res.Rejected, "stored_as", res.StoredAs)
	status := http.StatusOK
	if res.StoredAs == "" {
		status = http.StatusUnprocessableEntity
	}
	answer(status, a)
}

// receive copies the file part into a temporary file of its own, at most max bytes, and fills
// up; a status other than 0 is the answer (with its message key and arguments).
func (s *Server) receive(part *multipart.Part, max int64, up *Upload) (int, string, []any) {
	up.Name = cleanName(part.FileName())
	ext := strings.ToLower(filepath.Ext(up.Name))
	switch ext {
	case ".csv", ".xlsx", ".parquet":
	default:
		return http.StatusUnsupportedMediaType, "upload.ext", []any{up.Name}
	}
	f, err := os.CreateTemp("", "setara-upload-*"+ext)
	if err != nil {
		return http.StatusInternalServerError, "upload.failed", nil
	}
	up.Path = f.Name()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(part, max+1))
	f.Close()
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig) || n > max:
		return http.StatusRequestEntityTooLarge, "upload.toobig", []any{present.ID.Int(float64(max) / (1 << 20))}
	case err != nil:
		return http.StatusBadRequest, "upload.notmultipart", nil
	case n == 0:
		return http.StatusBadRequest, "upload.empty", []any{up.Name}
	}
	up.Size, up.SHA256 = n, hex.EncodeToString(h.Sum(nil))
	return 0, "", nil
}

// uploadResultPage answers the web form: what was stored, or every problem with its line,
// column, value and reason, and the marked workbook to download.
func (s *Server) uploadResultPage(w http.ResponseWriter, l present.Lang, status int, a uploadAnswer) {
	page := map[string]any{"Lang": string(l), "Back": l.T("upload.back"), "File": a.File, "Error": a.Error,
		"Head": []string{l.T("col.line"), l.T("col.column"), l.T("col.value"), l.T("col.reason")}}
	switch {
	case a.Error != "":
		page["Title"] = l.T("upload.refused.title")
	case a.StoredAs != "":
		page["Title"] = l.T("upload.stored.title")
		page["Text"] = fmt.Sprintf(l.T("upload.stored"), a.File, l.Int(float64(a.Accepted)), a.StoredAs)
		if a.Loading {
			page["Text"] = fmt.Sprintf(l.T("upload.loading"), a.File, l.Int(float64(a.Accepted)), a.StoredAs)
		}
	default:
		page["Title"] = l.T("upload.rejected.title")
		page["Text"] = fmt.Sprintf(l.T("upload.rejected"), a.File, l.Int(float64(a.Rejected)), l.Int(float64(a.Accepted)))
	}
	type row struct{ Line, Column, Value, Reason string }
	var rows []row
	for _, p := range a.Problems {
		reason := p.Reason
		if l == present.EN {
			reason = p.ReasonEN
		}
		line := ""
		if p.Line > 0 {
			line = fmt.Sprint(p.Line)
		}
		rows = append(rows, row{line, p.Column, p.Value, reason})
	}
	page["Rows"] = rows
	if a.Annotated != "" {
		page["Annotated"] = template.URL("data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64," + a.Annotated)
		page["AnnotatedName"] = strings.TrimSuffix(a.File, filepath.Ext(a.File)) + ".diperiksa.xlsx"
		page["AnnotatedLabel"] = l.T("upload.annotated")
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	uploadResult.Execute(w, page)
}

var uploadResult = template.Must(template.New("upload").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title><link rel="stylesheet" href="/static/style.css"></head>
<body><main class="wrap"><h1>{{.Title}}</h1>
{{if .Error}}<p class="alert" role="alert">{{if .File}}{{.File}}: {{end}}{{.Error}}</p>{{end}}
{{if .Text}}<p>{{.Text}}</p>{{end}}
{{if .Annotated}}<p><a href="{{.Annotated}}" download="{{.AnnotatedName}}">{{.AnnotatedLabel}}</a></p>{{end}}
{{if .Rows}}<div class="table-wrap" tabindex="0" role="region" aria-label="{{.Title}}"><table id="problems">
<thead><tr>{{range .Head}}<th scope="col">{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Rows}}<tr><td class="num">{{.Line}}</td><td>{{.Column}}</td><td>{{.Value}}</td><td>{{.Reason}}</td></tr>{{end}}</tbody></table></div>{{end}}
<p><a href="/unggah?lang={{.Lang}}">{{.Back}}</a></p></main></body></html>
`))
