package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/setara-pug/setara/dashboards/present"
)

// DefaultMaxDownloadRows is the most rows a CSV or XLSX download holds unless
// Options.MaxDownloadRows says otherwise; a longer table is cut and says so.
const DefaultMaxDownloadRows = 100_000

// tableSources names the published tables each download is read from.
var tableSources = map[string]string{
	"indices": "gender_index", "regions": "gender_index, indicator_value, gender_gap, region",
	"indicator": "indicator_value, gender_gap", "programs": "program_summary",
	"target-groups": "target_group_summary", "opd-ranking": "opd_ranking",
	"readiness": "pug_readiness", "opd-evaluation": "opd_evaluation", "evaluation-activities": "program_evaluation",
	"findings": "opd_finding, finding_catalog", "uploads": "upload", "derivation-inputs": "index_input_fact", "derivation-terms": "index_term",
	"stages": "run_stage", "checks": "run_check", "batches": "batch", "rejected": "rejected_rows",
	"completeness-summary": "data_completeness", "completeness": "data_completeness",
}

// filters are the page parameters a download was made with, as a person reads them.
func (r *request) filters() []present.Filter {
	l, p := r.l, r.p
	var fs []present.Filter
	if r.page.Path != "/program" && r.page.Path != "/evaluasi" {
		fs = append(fs, present.Filter{Name: l.T("col.region"), Value: r.cat.regionName(p.Region) + " (" + p.Region + ")"})
	}
	year := l.T("export.latest")
	if p.Year != 0 {
		year = strconv.Itoa(p.Year)
	}
	fs = append(fs, present.Filter{Name: l.T("col.year"), Value: year})
	if p.Index != "" {
		fs = append(fs, present.Filter{Name: l.T("col.index"), Value: indexLabel(p.Index)})
	}
	if p.Indicator != "" {
		fs = append(fs, present.Filter{Name: l.T("form.indicator"), Value: r.indicatorName(p.Indicator) + " (" + p.Indicator + ")"})
	}
	if p.Sort != "" {
		fs = append(fs, present.Filter{Name: l.T("export.sort"), Value: p.Sort})
	}
	return fs
}

// cut keeps at most max rows of t and returns the download's provenance.
func (pg *page) provenance(t *table, max int) present.Provenance {
	pv := present.Provenance{Table: t.Caption, Snapshot: pg.SnapshotID, Published: pg.Info.PublishedAt,
		Filters: pg.filters, Source: "setara: " + tableSources[t.ID], Rows: len(t.Rows), TotalRows: len(t.Rows),
		Notes: tableNotes(pg.L, []*table{t})}
	if len(t.Rows) > max {
		t.Rows = t.Rows[:max]
		pv.Rows = max
	}
	return pv
}

// setProvenanceHeaders names the download's snapshot, its date, its filters (the page's query
// string) and whether it was cut, for programs that fetch it.
func setProvenanceHeaders(h http.Header, pv present.Provenance, query string) {
	h.Set("X-Setara-Snapshot", pv.Snapshot)
	h.Set("X-Setara-Snapshot-Published", pv.Published.UTC().Format(time.RFC3339))
	h.Set("X-Setara-Filters", query)
	h.Set("X-Setara-Rows", strconv.Itoa(pv.Rows))
	h.Set("X-Setara-Total-Rows", strconv.Itoa(pv.TotalRows))
	h.Set("X-Setara-Truncated", strconv.FormatBool(pv.Truncated()))
}
