package server

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/setara-pug/setara/dashboards/diff"
	"github.com/setara-pug/setara/dashboards/present"
	"github.com/setara-pug/setara/pipeline/snapshot"
)

// maxDiffRows bounds the changes the approval page lists (largest first); the count of all
// changes is shown, and `setara diff` lists every one.
const maxDiffRows = 500

// ErrNotWaiting marks an approval or rejection of a run that is not a candidate waiting for a
// decision; Options.Decide wraps it so the form answers 400 in the page's language.
var ErrNotWaiting = errors.New("not a candidate waiting for a decision")

// approvalPage shows the newest candidate against the current snapshot, with the forms that
// approve or reject it; decidedPage answers those forms.
var approvalPage = template.Must(template.New("approval").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title><link rel="stylesheet" href="/static/style.css"></head>
<body><main><h1>{{.Title}}</h1>
{{if .None}}<p>{{.None}}</p>{{else}}
<p>{{.Summary}}</p>
<div class="table-wrap"><table id="diff"><caption>{{.Caption}}</caption>
<thead><tr>{{range .Head}}<th scope="col">{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Rows}}<tr><td>{{.View}}</td><td>{{.Key}}</td><td>{{.Measure}}</td><td class="num">{{.Old}}</td><td class="num">{{.New}}</td><td class="num">{{.Diff}}</td></tr>{{end}}</tbody></table></div>
{{if .More}}<p class="note">{{.More}}</p>{{end}}
<form class="filters admin" method="post" action="/data/decide">
<fieldset><legend>{{.Decide}}</legend>
<label>{{.ReasonLabel}} <input name="reason" maxlength="500" autocomplete="off"></label>
<label>{{.TokenLabel}} <input name="token" type="password" autocomplete="off" required></label>
<input type="hidden" name="run" value="{{.Run}}"><input type="hidden" name="lang" value="{{.Lang}}">
<button type="submit" name="decision" value="approve">{{.Approve}}</button>
<button type="submit" name="decision" value="reject">{{.Reject}}</button>
</fieldset></form>{{end}}
<p><a href="/data?lang={{.Lang}}">{{.Back}}</a></p></main></body></html>
`))

type diffRow struct{ View, Key, Measure, Old, New, Diff string }

// handleApproval lists what the newest candidate would change (GET /data/approval, admin).
func (s *Server) handleApproval(w http.ResponseWriter, r *http.Request) {
	l := present.LangOf(r.URL.Query().Get("lang"))
	dir := s.store.Dir()
	page := map[string]any{
		"Lang": string(l), "Title": l.T("approval.title"), "Back": l.T("retract.back"),
		"Caption": l.T("approval.caption"), "Decide": l.T("approval.decide"), "ReasonLabel": l.T("approval.reason"),
		"TokenLabel": l.T("retract.token"), "Approve": l.T("approval.approve"), "Reject": l.T("approval.reject"),
		"Head": []string{l.T("approval.view"), l.T("approval.key"), l.T("form.measure"), l.T("approval.old"), l.T("approval.new"), l.T("approval.difference")},
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	cand, run, err := snapshot.Waiting(dir)
	if errors.Is(err, snapshot.ErrNoCandidate) {
		page["None"] = l.T("approval.none")
		approvalPage.Execute(w, page)
		return
	}
	cur, err2 := snapshot.Current(dir)
	if err != nil || err2 != nil {
		writeError(w, http.StatusInternalServerError, "approval: "+errors.Join(err, err2).Error())
		return
	}
	changes, err := diff.Compare(r.Context(), cur, cand)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "approval: "+err.Error())
		return
	}
	num := func(v *float64) string {
		if v == nil {
			return present.Missing
		}
		return l.Value(*v)
	}
	rows := make([]diffRow, 0, min(len(changes), maxDiffRows))
	for _, c := range changes[:min(len(changes), maxDiffRows)] {
		rows = append(rows, diffRow{View: c.View, Key: c.Key, Measure: c.Measure, Old: num(c.Old), New: num(c.New), Diff: num(c.Difference)})
	}
	page["Run"] = run
	page["Rows"] = rows
	page["Summary"] = fmt.Sprintf(l.T("approval.summary"), run, snapshot.ID(cur), len(changes))
	if len(changes) > maxDiffRows {
		page["More"] = fmt.Sprintf(l.T("approval.more"), maxDiffRows, len(changes))
	}
	approvalPage.Execute(w, page)
}

// handleDecide approves or rejects a candidate from the approval page's form (POST, admin
// only; the token in the body, as for the retract form).
func (s *Server) handleDecide(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		writeError(w, http.StatusBadRequest, "decide: unreadable form")
		return
	}
	l := present.LangOf(r.PostForm.Get("lang"))
	c, ok := s.authenticate(r)
	if !ok || r.Header.Get("Authorization") == "" {
		c, ok = s.tokens.lookup(strings.TrimSpace(r.PostForm.Get("token")))
	}
	switch {
	case s.tokens.empty():
		writeError(w, http.StatusForbidden, "approval from the web needs an admin token (serve --tokens); use setara approve")
		return
	case !ok:
		writeError(w, http.StatusUnauthorized, "missing or unknown token")
		return
	case c.role < RoleAdmin:
		writeError(w, http.StatusForbidden, "the "+c.role.String()+" role may not approve runs; it needs admin")
		return
	case s.opts.Decide == nil:
		writeError(w, http.StatusNotImplemented, "this server cannot approve runs")
		return
	}
	run, err := strconv.ParseInt(r.PostForm.Get("run"), 10, 64)
	decision := r.PostForm.Get("decision")
	reason := strings.TrimSpace(r.PostForm.Get("reason"))
	var problem string
	switch {
	case err != nil || run < 1:
		problem = l.T("approval.badrun")
	case decision != "approve" && decision != "reject":
		problem = l.T("approval.baddecision")
	case len(reason) > maxReason || (decision == "reject" && reason == ""):
		problem = l.T("approval.needreason")
	}
	status := http.StatusOK
	text := ""
	if problem == "" {
		err = s.opts.Decide(r.Context(), run, decision == "approve", c.name, reason)
		switch {
		case err == nil && decision == "approve":
			text = fmt.Sprintf(l.T("approval.approved"), run, c.name)
		case err == nil:
			text = fmt.Sprintf(l.T("approval.rejected"), run, c.name)
		case errors.Is(err, snapshot.ErrStale):
			status, problem = http.StatusBadRequest, l.T("approval.stale")
		case errors.Is(err, ErrNotWaiting):
			status, problem = http.StatusBadRequest, fmt.Sprintf(l.T("approval.notwaiting"), run)
		case errors.Is(err, ErrRetractBusy):
			status, problem = http.StatusConflict, l.T("approval.busy")
		default:
			status, problem = http.StatusInternalServerError, err.Error()
		}
	} else {
		status = http.StatusBadRequest
	}
	if problem != "" {
		text = l.T("approval.refused") + ": " + problem
	} else {
		s.log.Info("run decided", "who", c.name, "run", run, "decision", decision, "reason", reason)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	retractPage.Execute(w, map[string]string{"Lang": string(l), "Title": l.T("approval.title"), "Back": l.T("retract.back"), "Text": text})
}
