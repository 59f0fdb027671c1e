package server

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/setara-pug/setara/dashboards/present"
)

// maxReason bounds the reason of a retraction typed into the Data page.
const maxReason = 500

// retractPage is the answer to the Data page's retract form.
var retractPage = template.Must(template.New("retract").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title><link rel="stylesheet" href="/static/style.css"></head>
<body><main><h1>{{.Title}}</h1><p>{{.Text}}</p><p><a href="/data?lang={{.Lang}}#batches">{{.Back}}</a></p></main></body></html>
`))

// handleRetract takes batches back from the Data page's form (POST, admin only). A browser
// cannot send a bearer header and a cookie never authenticates a POST, so the form carries the
// admin's token in its body; the cross-origin protection refuses the form from another site.
// The retraction counts from the next run.
func (s *Server) handleRetract(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		writeError(w, http.StatusBadRequest, "retract: unreadable form")
		return
	}
	l := present.LangOf(r.PostForm.Get("lang"))
	c, ok := s.authenticate(r)
	if !ok || r.Header.Get("Authorization") == "" {
		c, ok = s.tokens.lookup(strings.TrimSpace(r.PostForm.Get("token")))
	}
	switch {
	case s.tokens.empty():
		writeError(w, http.StatusForbidden, "retract from the web needs an admin token (serve --tokens); use setara retract")
		return
	case !ok:
		writeError(w, http.StatusUnauthorized, "missing or unknown token")
		return
	case c.role < RoleAdmin:
		writeError(w, http.StatusForbidden, "the "+c.role.String()+" role may not retract batches; it needs admin")
		return
	case s.opts.Retract == nil:
		writeError(w, http.StatusNotImplemented, "this server cannot retract batches")
		return
	}
	var ids []int64
	for _, f := range strings.FieldsFunc(r.PostForm.Get("batch"), func(r rune) bool { return r == ',' || r == ' ' }) {
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil || id < 1 {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("batch %q: expected a batch number from the table", f))
			return
		}
		ids = append(ids, id)
	}
	reason := strings.TrimSpace(r.PostForm.Get("reason"))
	if len(ids) == 0 || reason == "" || len(reason) > maxReason {
		writeError(w, http.StatusBadRequest, "retract: give the batch numbers and a reason (at most 500 characters)")
		return
	}
	if err := s.opts.Retract(r.Context(), ids, c.name, reason); err != nil {
		status := http.StatusInternalServerError
		switch {
		case errors.Is(err, ErrBadRetract):
			status = http.StatusBadRequest
		case errors.Is(err, ErrRetractBusy):
			status = http.StatusConflict
		}
		writeError(w, status, "retract: "+err.Error())
		return
	}
	s.log.Info("batches retracted", "who", c.name, "batches", ids, "reason", reason)
	nums := make([]string, len(ids))
	for i, id := range ids {
		nums[i] = strconv.FormatInt(id, 10)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	retractPage.Execute(w, map[string]string{
		"Lang": string(l), "Title": l.T("retract.done.title"), "Back": l.T("retract.back"),
		"Text": fmt.Sprintf(l.T("retract.done"), strings.Join(nums, ", "), c.name),
	})
}

// ErrBadRetract marks a retraction refused for its input (no such batch, already retracted):
// Options.Retract wraps it so the form answers 400.
var ErrBadRetract = errors.New("retraction refused")

// ErrRetractBusy marks a retraction that must wait: the warehouse is busy with a refresh.
var ErrRetractBusy = errors.New("the warehouse is busy")
