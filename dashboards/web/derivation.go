package web

import (
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/setara-pug/setara/dashboards/present"
	"github.com/setara-pug/setara/pipeline/snapshot"
)

// Derivation is where one index value comes from: the value, every input fact with its unit,
// source, batch, file and line, the intermediate terms of the formula, and the published value
// with the verdict of index_check. It is the /asal page and the /api/derivation answer.
type Derivation struct {
	Index       string           `json:"index"`
	Region      string           `json:"region"`
	RegionName  string           `json:"region_name"`
	Year        int              `json:"year"`
	Name        string           `json:"name"`
	Formula     string           `json:"formula"`
	Source      string           `json:"source"`
	Value       *float64         `json:"value"` // nil: setara computes none
	Complete    bool             `json:"complete"`
	Approximate bool             `json:"approximate"`
	Note        string           `json:"note,omitempty"`
	Inputs      []DerivationFact `json:"inputs"`
	Terms       []DerivationTerm `json:"terms"`
	Published   *DerivationCheck `json:"published,omitempty"`
}

// DerivationFact is one input of an index value.
type DerivationFact struct {
	Input     string  `json:"input"` // indicator.SEX
	Indicator string  `json:"indicator"`
	Name      string  `json:"name"`
	Sex       string  `json:"sex"`
	Value     float64 `json:"value"`
	Unit      string  `json:"unit"`
	Source    string  `json:"source"`
	Origin    string  `json:"origin"` // published or microdata
	Batch     int64   `json:"batch"`
	File      string  `json:"file"`
	Line      int64   `json:"line"`
}

// DerivationTerm is one intermediate term of the formula (floored inputs, dimension indices,
// H_F, G_F, G_M, ...).
type DerivationTerm struct {
	Term  string  `json:"term"`
	Value float64 `json:"value"`
}

// DerivationCheck is the published value and whether setara's agrees at its precision.
type DerivationCheck struct {
	Published float64 `json:"published"`
	Precision int     `json:"precision"`
	Agrees    *bool   `json:"agrees"` // nil: nothing computed to compare
	Source    string  `json:"source"`
	File      string  `json:"file"`
	Line      int64   `json:"line"`
}

// loadDerivation reads the derivation of index in region and year; errNotFound when the
// snapshot has neither a computed nor a published value for it.
func (r *request) loadDerivation(index, region string, year int) (*Derivation, error) {
	l := r.l
	d := &Derivation{Index: index, Region: region, RegionName: r.cat.regionName(region), Year: year,
		Inputs: []DerivationFact{}, Terms: []DerivationTerm{}}
	if def, ok := r.cat.index[index]; ok {
		d.Name, d.Formula, d.Source = l.Pick(def.NameID, def.NameEN), def.Formula, def.Source
	} else {
		return nil, errNotFound
	}
	found := false
	err := scanAll(r.ctx, r.db, "derivation_value", func(q rowScanner) error {
		var v sqlFloat
		var note, noteID string
		if err := q.Scan(&v, &d.Complete, &d.Approximate, &note, &noteID); err != nil {
			return err
		}
		found = true
		if v.Valid {
			d.Value = &v.Float64
		}
		d.Note = l.Pick(noteID, note)
		if d.Note == "" {
			d.Note = note
		}
		return nil
	}, index, region, year)
	if err != nil {
		return nil, err
	}
	has := map[string]bool{} // an older snapshot may lack some of the tables
	for _, t := range []string{"index_input_fact", "index_term", "index_check"} {
		var n int
		if err := scanAll(r.ctx, r.db, "has_table", func(q rowScanner) error { return q.Scan(&n) }, t); err != nil {
			return nil, err
		}
		has[t] = n > 0
	}
	err = r.scanIf(has["index_input_fact"], "derivation_inputs", func(q rowScanner) error {
		var f DerivationFact
		var unitID, unitEN string
		var batch, line sql.NullInt64
		if err := q.Scan(&f.Input, &f.Indicator, &f.Sex, &f.Value, &unitID, &unitEN, &f.Source, &f.Origin, &batch, &f.File, &line); err != nil {
			return err
		}
		f.Name, f.Unit, f.Batch, f.Line = r.indicatorName(f.Indicator), l.Pick(unitID, unitEN), batch.Int64, line.Int64
		d.Inputs = append(d.Inputs, f)
		return nil
	}, index, region, year)
	if err != nil {
		return nil, err
	}
	err = r.scanIf(has["index_term"], "derivation_terms", func(q rowScanner) error {
		var t DerivationTerm
		var v sqlFloat
		if err := q.Scan(&t.Term, &v); err != nil {
			return err
		}
		t.Value = v.Float64
		if v.Valid {
			d.Terms = append(d.Terms, t)
		}
		return nil
	}, index, region, year)
	if err != nil {
		return nil, err
	}
	err = r.scanIf(has["index_check"], "derivation_check", func(q rowScanner) error {
		var pub, computed sqlFloat
		var agrees sql.NullBool
		var line sql.NullInt64
		c := &DerivationCheck{}
		if err := q.Scan(&pub, &computed, &agrees, &c.Precision, &c.Source, &c.File, &line); err != nil {
			return err
		}
		c.Published, c.Line = pub.Float64, line.Int64
		if agrees.Valid {
			c.Agrees = &agrees.Bool
		}
		d.Published = c
		return nil
	}, index, region, year)
	if err != nil {
		return nil, err
	}
	if !found && d.Published == nil {
		return nil, errNotFound
	}
	return d, nil
}

// scanIf runs the query name only when ok (its table exists).
func (r *request) scanIf(ok bool, name string, scan func(*sql.Rows) error, args ...any) error {
	if !ok {
		return nil
	}
	return scanAll(r.ctx, r.db, name, scan, args...)
}

type derivationView struct {
	D                *Derivation
	Value, Published string
	Verdict          string
	Disagrees        bool
	Inputs           *table
	Terms            *table
}

// buildDerivation is /asal?index=CODE&region=CODE&year=YYYY: every number of an index value.
func buildDerivation(r *request) error {
	l := r.l
	pg := r.page
	if r.p.Index == "" {
		return errBadParam{"index", ""}
	}
	if r.p.Year == 0 {
		return errBadParam{"year", ""}
	}
	d, err := r.loadDerivation(r.p.Index, r.p.Region, r.p.Year)
	if err != nil {
		return err
	}
	pg.Title = l.T("derivation.title") + ": " + indexLabel(d.Index) + " " + d.RegionName + " " + itoa(d.Year)
	pg.Lead = d.Name
	v := &derivationView{D: d, Value: present.Missing}
	if d.Value != nil {
		v.Value = r.fmtIndex(d.Index, *d.Value)
	}
	if c := d.Published; c != nil {
		v.Published = l.Num(c.Published, c.Precision) + " (" + c.Source + ")"
		switch {
		case c.Agrees == nil:
			v.Verdict = l.T("check.only")
		case *c.Agrees:
			v.Verdict = l.T("derivation.agrees")
		default:
			v.Verdict, v.Disagrees = l.T("check.disagrees"), true
		}
	}
	in := &table{ID: "derivation-inputs", Caption: l.T("report.inputs"), Empty: l.T("derivation.noinputs")}
	for _, k := range []string{"col.index", "col.value", "col.unit", "col.source", "col.batch", "col.file", "col.line"} {
		in.Columns = append(in.Columns, column{Label: l.T(k), Num: k == "col.value" || k == "col.batch" || k == "col.line"})
	}
	in.Columns[0].Label = l.T("derivation.input")
	for _, f := range d.Inputs {
		origin := f.Source
		if f.Origin == "microdata" {
			origin = l.T("derivation.microdata") + " · " + f.Source
		}
		in.Rows = append(in.Rows, []cell{textCell(f.Name + " (" + l.T("sex."+f.Sex) + ")"), numCell(l.Value(f.Value), f.Value, f.Input),
			textCell(f.Unit), textCell(origin), intCell(l, f.Batch), textCell(f.File), intCell(l, f.Line)})
	}
	v.Inputs = r.addTable(in)
	terms := &table{ID: "derivation-terms", Caption: l.T("derivation.terms"), Empty: l.T("derivation.noterms"),
		Columns: []column{{Label: l.T("derivation.term")}, {Label: l.T("col.value"), Num: true}}}
	for _, t := range d.Terms {
		terms.Rows = append(terms.Rows, []cell{textCell(t.Term), numCell(l.Num(t.Value, 6), t.Value, "")})
	}
	v.Terms = r.addTable(terms)
	pg.Derivation = v
	return nil
}

// serveDerivationAPI answers GET /api/derivation?index=CODE&region=CODE&year=YYYY with the
// derivation as JSON (the server mounts it behind the viewer role).
func (h *handler) serveDerivationAPI(w http.ResponseWriter, req *http.Request) {
	writeJSON := func(status int, v any) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(v)
	}
	p, err := parseParams(req.URL.Query())
	if err != nil {
		writeJSON(http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	pg, release, err := h.build(req.Context(), "/asal", p, true)
	var bad errBadParam
	switch {
	case errors.As(err, &bad):
		writeJSON(http.StatusBadRequest, map[string]string{"error": bad.Error() + " (expected index=CODE&region=CODE&year=YYYY)"})
		return
	case errors.Is(err, errNotFound):
		writeJSON(http.StatusNotFound, map[string]string{"error": "no such index value in the snapshot"})
		return
	case errors.Is(err, snapshot.ErrNoSnapshot):
		writeJSON(http.StatusServiceUnavailable, map[string]string{"error": "nothing published yet"})
		return
	case err != nil:
		h.log.Error("derivation failed", "err", err)
		writeJSON(http.StatusInternalServerError, map[string]string{"error": "internal error (logged)"})
		return
	}
	defer release()
	w.Header().Set("X-Setara-Snapshot", pg.SnapshotID)
	writeJSON(http.StatusOK, pg.Derivation.D)
}
