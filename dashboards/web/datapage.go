package web

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/setara-pug/setara/dashboards/present"
	"github.com/setara-pug/setara/pipeline/templates"
)

type dataView struct {
	Facts        []stat
	LastRunError string
	FailedChecks []string // blocking checks that stopped runs since the previous snapshot
	RunStatus    string   // css class: succeeded, failed, running
	Stages       *table
	Checks       *table
	Batches      *table
	Rejected     *table
	RejectedMore string
	Summary      *table
	Completeness *table
	RegionName   string
	Templates    []option // Value: the template's link, Label: its kind in words
	Uploads      *table
}

// rejectedOnPage caps the rejected rows shown on the page; downloads have them all.
const rejectedOnPage = 200

func buildData(r *request) error {
	l := r.l
	pg := r.page
	pg.Title, pg.Lead = l.T("data.title"), l.T("data.lead")
	view := &dataView{RegionName: r.cat.regionName(r.p.Region)}
	for _, kind := range templates.Kinds {
		href := "/templat/" + kind + ".xlsx"
		if l == present.EN {
			href += "?lang=en"
		}
		view.Templates = append(view.Templates, option{Value: href, Label: l.T("template." + kind)})
	}
	info := r.cat.info
	view.Facts = append(view.Facts,
		stat{Label: l.T("data.snapshot"), Value: pg.SnapshotID, Sub: info.Label},
		stat{Label: l.T("data.published"), Value: l.Date(info.PublishedAt)})

	runID, err := r.lastRun(view)
	if err != nil {
		return err
	}
	for _, add := range []func(*dataView) error{
		func(v *dataView) error { return r.runTables(v, runID) }, r.failedChecks, r.batchTable, r.uploadTable, r.rejectedTable,
		r.completenessTables,
	} {
		if err := add(view); err != nil {
			return err
		}
	}
	pg.Form = r.regionForm(nil, 0)
	pg.Form.Years = nil
	if r.p.Year != 0 {
		pg.Form.Hidden = append(pg.Form.Hidden, option{Label: "year", Value: itoa(r.p.Year)})
	}
	pg.Data = view
	return nil
}

// lastRun adds the last run to the facts and returns its id.
func (r *request) lastRun(view *dataView) (sql.NullInt64, error) {
	l := r.l
	var runID sql.NullInt64
	err := scanAll(r.ctx, r.db, "last_run", func(q rowScanner) error {
		var trigger, status, errText, snap string
		var started, finished sql.NullTime
		if err := q.Scan(&runID, &trigger, &started, &finished, &status, &errText, &snap); err != nil {
			return err
		}
		view.RunStatus = status
		view.Facts = append(view.Facts,
			stat{Label: l.T("data.lastrun"), Value: l.T("status." + status), Sub: fmt.Sprintf("#%d · %s", runID.Int64, trigger)},
			stat{Label: l.T("data.started"), Value: l.Date(started.Time)},
			stat{Label: l.T("data.finished"), Value: l.Date(finished.Time)})
		view.LastRunError = errText
		return nil
	})
	return runID, err
}

// runTables are the stages and checks of the last run.
func (r *request) runTables(view *dataView, runID sql.NullInt64) error {
	l := r.l
	stages := &table{ID: "stages", Caption: l.T("data.stages"), Empty: l.T("data.norun"), Columns: []column{
		{Label: "#", Num: true}, {Label: l.T("col.stage")}, {Label: l.T("col.file")}, {Label: l.T("col.seconds"), Num: true}, {Label: l.T("col.rows"), Num: true}}}
	checks := &table{ID: "checks", Caption: l.T("data.checks"), Empty: l.T("data.norun"), Columns: []column{
		{Label: l.T("col.check")}, {Label: l.T("col.file")}, {Label: l.T("col.severity")}, {Label: l.T("col.failing"), Num: true}}}
	if runID.Valid {
		err := scanAll(r.ctx, r.db, "run_stages", func(q rowScanner) error {
			var ord int64
			var stage, file string
			var secs float64
			var rows sqlInt
			if err := q.Scan(&ord, &stage, &file, &secs, &rows); err != nil {
				return err
			}
			stages.Rows = append(stages.Rows, []cell{intCell(l, ord), textCell(stage), textCell(file),
				numCell(l.Num(secs, 3), secs, ""), r.optInt(rows)})
			return nil
		}, runID.Int64)
		if err != nil {
			return err
		}
		err = scanAll(r.ctx, r.db, "run_checks", func(q rowScanner) error {
			var name, file, sev string
			var failing int64
			if err := q.Scan(&name, &file, &sev, &failing); err != nil {
				return err
			}
			fc := intCell(l, failing)
			if failing > 0 {
				fc.Class += " " + sev
			}
			checks.Rows = append(checks.Rows, []cell{{Text: r.checkTitle(name), Value: name}, textCell(file), {Text: l.T("sev." + sev), Value: sev}, fc})
			return nil
		}, runID.Int64)
		if err != nil {
			return err
		}
	}
	view.Stages, view.Checks = r.addTable(stages), r.addTable(checks)
	return nil
}

// failedChecks words the blocking checks that stopped runs since the previous snapshot.
func (r *request) failedChecks(view *dataView) error {
	l := r.l
	return scanAll(r.ctx, r.db, "failed_checks", func(q rowScanner) error {
		var run, failing int64
		var name, sample string
		if err := q.Scan(&run, &name, &failing, &sample); err != nil {
			return err
		}
		view.FailedChecks = append(view.FailedChecks,
			fmt.Sprintf(l.T("data.failedcheck"), run, r.checkTitle(name), l.Int(float64(failing)), checkRowsText(l, sample)))
		return nil
	})
}

// uploadTable lists the latest uploads through the web: who, which OPDs, the file, its
// outcome and the inbox file it became.
func (r *request) uploadTable(view *dataView) error {
	l := r.l
	var has int
	if err := scanAll(r.ctx, r.db, "has_table", func(q rowScanner) error { return q.Scan(&has) }, "upload"); err != nil || has == 0 {
		return err
	}
	t := &table{ID: "uploads", Caption: l.T("data.uploads"), Empty: l.T("data.uploads.none")}
	for _, k := range []string{"col.batch", "data.uploaded", "data.uploader", "col.opd", "col.file", "col.kind", "col.status",
		"col.accepted", "col.rejected", "data.storedas"} {
		t.Columns = append(t.Columns, column{Label: l.T(k), Num: k == "col.accepted" || k == "col.rejected" || k == "col.batch"})
	}
	err := scanAll(r.ctx, r.db, "uploads", func(q rowScanner) error {
		var id, accepted, rejected int64
		var at time.Time
		var who, opds, file, kind, outcome, stored, reason string
		if err := q.Scan(&id, &at, &who, &opds, &file, &kind, &outcome, &accepted, &rejected, &stored, &reason); err != nil {
			return err
		}
		status := textCell(l.T("upload.outcome." + outcome))
		if reason != "" {
			status.Title = reason
		}
		t.Rows = append(t.Rows, []cell{intCell(l, id), textCell(l.Date(at)), textCell(who),
			textCell(strings.ReplaceAll(opds, ",", ", ")), textCell(file), textCell(kind), status,
			intCell(l, accepted), intCell(l, rejected), textCell(stored)})
		return nil
	})
	if err != nil {
		return err
	}
	view.Uploads = r.addTable(t)
	return nil
}

// batchTable lists the loaded files with their standing (active, superseded, retracted,
// quarantined, rejected) and why.
func (r *request) batchTable(view *dataView) error {
	l := r.l
	batches := &table{ID: "batches", Caption: l.T("data.batches"), Empty: l.T("data.norows"), Columns: []column{
		{Label: l.T("col.batch"), Num: true}, {Label: l.T("col.file")}, {Label: l.T("col.kind")}, {Label: l.T("col.format")},
		{Label: l.T("col.accepted"), Num: true}, {Label: l.T("col.rejected"), Num: true}, {Label: l.T("col.status")}, {Label: l.T("col.loaded")},
		{Label: l.T("col.reason")}}}
	err := scanAll(r.ctx, r.db, "batches", func(q rowScanner) error {
		var id, acc, rej int64
		var file, kind, format, status string
		var loaded sql.NullTime
		var st batchStanding
		if err := q.Scan(&id, &file, &kind, &format, &acc, &rej, &status, &loaded,
			&st.reason, &st.by, &st.at, &st.supersededBy, &st.run, &st.check, &st.rows); err != nil {
			return err
		}
		reason := r.batchReason(status, st)
		sc := cell{Text: l.T("status." + status), Value: status}
		if status == "quarantined" || status == "retracted" {
			sc.Class = "warning"
		}
		batches.Rows = append(batches.Rows, []cell{intCell(l, id), textCell(file), textCell(kind), textCell(format),
			intCell(l, acc), intCell(l, rej), sc,
			{Text: l.Date(loaded.Time), Value: loaded.Time.UTC().Format("2006-01-02T15:04:05Z")},
			{Text: reason, Value: reason, Class: "prose"}})
		return nil
	})
	if err != nil {
		return err
	}
	view.Batches = r.addTable(batches)
	return nil
}

// batchStanding is why a batch stands where it does, as published in the batch table.
type batchStanding struct {
	reason, by, check, rows string
	at                      sql.NullTime
	supersededBy, run       sqlInt
}

// batchReason says in the page's language why a batch is not active: the batch that replaced
// it, or who retracted it, when and why, or the check and the rows that had it quarantined.
func (r *request) batchReason(status string, st batchStanding) string {
	l := r.l
	who := ""
	if st.by != "" {
		who = " (" + st.by + ", " + l.Date(st.at.Time) + ")"
	}
	switch {
	case status == "superseded" && st.supersededBy.Valid:
		return fmt.Sprintf(l.T("batch.superseded"), st.supersededBy.Int64)
	case status == "quarantined" && st.check != "":
		return fmt.Sprintf(l.T("batch.quarantined"), st.run.Int64, r.checkTitle(st.check), checkRowsText(l, st.rows)) + who
	case st.reason != "":
		return st.reason + who
	}
	return ""
}

// checkTitle names a check in the page's language (its code when the catalog lacks it).
func (r *request) checkTitle(name string) string {
	if t, ok := r.l.CheckTitle(name); ok {
		return t + " (" + name + ")"
	}
	return name
}

// rejectedTable lists the rejected rows, the first rejectedOnPage on a page.
func (r *request) rejectedTable(view *dataView) error {
	l := r.l
	rejected := &table{ID: "rejected", Caption: l.T("data.rejected"), Empty: l.T("data.norows"), Columns: []column{
		{Label: l.T("col.batch"), Num: true}, {Label: l.T("col.file")}, {Label: l.T("col.line"), Num: true}, {Label: l.T("col.column")},
		{Label: l.T("col.value")}, {Label: l.T("col.reason")}}}
	limit := int64(rejectedOnPage)
	if r.full {
		limit = int64(r.maxRows) + 1 // one more than a download holds, so the cut is noticed
	}
	err := scanAll(r.ctx, r.db, "rejected_rows", func(q rowScanner) error {
		var batch, line sqlInt
		var file, col, value, reason string
		if err := q.Scan(&batch, &file, &line, &col, &value, &reason); err != nil {
			return err
		}
		rejected.Rows = append(rejected.Rows, []cell{r.optInt(batch), textCell(file), r.optInt(line), textCell(col), textCell(value), textCell(reason)})
		return nil
	}, limit)
	if err != nil {
		return err
	}
	total, err := loadCount(r.ctx, r.db, "rejected_count")
	if err != nil {
		return err
	}
	if total > int64(len(rejected.Rows)) {
		view.RejectedMore = strings.Replace(l.T("data.rejected.more"), "%d", l.Int(float64(len(rejected.Rows))), 1)
	}
	view.Rejected = r.addTable(rejected)
	return nil
}

// completenessTables are the completeness of the indices overall and in the region.
func (r *request) completenessTables(view *dataView) error {
	l := r.l
	summary := &table{ID: "completeness-summary", Caption: l.T("data.completeness"), Empty: l.T("data.norows"), Columns: []column{
		{Label: l.T("col.index")}, {Label: l.T("col.completecount"), Num: true}, {Label: "%", Num: true}}}
	err := scanAll(r.ctx, r.db, "completeness_summary", func(q rowScanner) error {
		var code string
		var complete, all int64
		if err := q.Scan(&code, &complete, &all); err != nil {
			return err
		}
		share := 0.0
		if all > 0 {
			share = float64(complete) / float64(all)
		}
		summary.Rows = append(summary.Rows, []cell{{Text: indexLabel(code), Value: code, Title: r.indexTitle(code)},
			{Text: l.Int(float64(complete)) + " / " + l.Int(float64(all)), Value: fmt.Sprintf("%d/%d", complete, all), Class: "num"},
			numCell(l.Percent(share, 0), share, "")})
		return nil
	})
	if err != nil {
		return err
	}
	view.Summary = r.addTable(summary)

	detail := &table{ID: "completeness", Caption: l.T("data.completeness") + " — " + view.RegionName, Empty: l.T("data.norows"), Columns: []column{
		{Label: l.T("col.year"), Num: true}, {Label: l.T("col.index")}, {Label: l.T("col.complete")}, {Label: l.T("col.missing")}}}
	err = scanAll(r.ctx, r.db, "completeness", func(q rowScanner) error {
		var year int
		var code, missing string
		var complete bool
		if err := q.Scan(&year, &code, &complete, &missing); err != nil {
			return err
		}
		var names []string
		for _, m := range strings.Split(missing, ";") {
			if m = strings.TrimSpace(m); m != "" {
				names = append(names, r.missingName(m))
			}
		}
		cc := textCell(yesNo(l, complete))
		if !complete {
			cc.Class = "warning"
		}
		detail.Rows = append(detail.Rows, []cell{yearCell(year), {Text: indexLabel(code), Value: code, Title: r.indexTitle(code)},
			cc, {Text: strings.Join(names, "; "), Value: missing}})
		return nil
	}, r.p.Region)
	if err != nil {
		return err
	}
	view.Completeness = r.addTable(detail)
	return nil
}

// missingName names a missing input: "life_expectancy:P" shows as "Life expectancy (Female)".
func (r *request) missingName(m string) string {
	code, sex, ok := strings.Cut(m, ":")
	name := r.indicatorName(code)
	if ok && sex != "" {
		if s := r.l.T("sex." + sex); s != "sex."+sex {
			sex = s
		}
		name += " (" + sex + ")"
	}
	return name
}

// checkRowsText writes a check's offending rows (a JSON list of objects) as "column value, ..."
// in the order the check returns its columns, with numbers in the page's language; years
// stay as written.
func checkRowsText(l present.Lang, rowsJSON string) string {
	dec := json.NewDecoder(strings.NewReader(rowsJSON))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		return ""
	}
	var out []string
	for dec.More() {
		if t, err := dec.Token(); err != nil || t != json.Delim('{') {
			return strings.Join(out, "; ")
		}
		var fields []string
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return strings.Join(out, "; ")
			}
			var v any
			if err := dec.Decode(&v); err != nil {
				return strings.Join(out, "; ")
			}
			fields = append(fields, fmt.Sprint(key)+" "+rowValue(l, fmt.Sprint(key), v))
		}
		dec.Token() // }
		out = append(out, strings.Join(fields, ", "))
	}
	return strings.Join(out, "; ")
}

// rowValue writes one value of an offending row: numbers in the page's language (a year as
// written), a missing value as an en dash.
func rowValue(l present.Lang, col string, v any) string {
	switch x := v.(type) {
	case nil:
		return present.Missing
	case json.Number:
		f, err := x.Float64()
		if err != nil || col == "year" {
			return x.String()
		}
		return l.Value(f)
	}
	return fmt.Sprint(v)
}
