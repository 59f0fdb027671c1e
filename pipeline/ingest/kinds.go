package ingest

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"sort"
	"strings"

	"github.com/setara-pug/setara/data"
)

// kindSpec describes one input kind: its columns (in raw table order), which of them the
// header must have, the numeric ones (for decimal-comma detection) and its key.
type kindSpec struct {
	name     string
	table    string // raw table, a constant identifier
	columns  []string
	required []string
	numeric  []string
	key      string // the key's columns, for messages
	// dupColumn is the column a duplicate key is reported on.
	dupColumn string
	// direct: the checks keep the file order (no joins that reorder rows), so a CSV is
	// checked straight from the reader in one pass, without a text landing table.
	direct bool
	// onePass: clean files load in one pass (onepass.go; fast_*_KIND.sql exist)
	onePass bool
	// checkedFile: the view `checked` of the kind, when its rows need more than check_row
	// (checks that join, done after the records are numbered)
	checkedFile string
	// cross: rows are also checked against other rows of the file and the facts already
	// loaded (cross_KIND.sql), after the duplicate keys
	cross bool
	// layout: the kind is recognised by its layout, not by a header (a BPS-style table)
	layout bool
	// rules: the kind whose checks (check_, key_) its rows go through ("": its own)
	rules string
	// dupFile, rejectFile: the kind's own dup.sql and reject.sql ("": the shared ones)
	dupFile, rejectFile string
	// native: columns whose checks take a Parquet value of any type (ingest_int, ingest_year,
	// ingest_num, ingest_bool: a type they want as it is, any other as its text); every
	// other column, and every column of another format, reaches its checks as text
	native []string
}

var kinds = []kindSpec{
	{
		name: "regions", table: "raw_region",
		columns:   []string{"region_code", "name", "level", "parent_code"},
		required:  []string{"region_code", "name", "level"},
		key:       "region_code",
		dupColumn: "region_code",
	},
	{
		name: "indicators", table: "raw_indicator",
		columns:   []string{"region_code", "year", "indicator", "sex", "value", "source", "note"},
		required:  []string{"region_code", "year", "indicator", "sex", "value"},
		numeric:   []string{"value"},
		key:       "(region_code, year, indicator, sex)",
		dupColumn: "indicator",
		cross:     true,
	},
	{
		name: "microdata", table: "raw_microdata",
		columns: []string{"region_code", "year", "person_id", "weight", "sex", "age", "years_schooling",
			"highest_education", "labour_force_status", "occupation_group", "earnings", "ever_married",
			"last_birth_in_facility", "age_at_first_birth", "psu", "strata", "months_since_last_birth"},
		required:    []string{"region_code", "year", "person_id", "weight", "sex", "age"},
		numeric:     []string{"weight", "years_schooling", "earnings"},
		key:         "(region_code, year, person_id)",
		dupColumn:   "person_id",
		direct:      true,
		onePass:     true,
		checkedFile: "checked_microdata.sql",
		native: []string{"year", "weight", "age", "years_schooling", "highest_education", "occupation_group",
			"earnings", "ever_married", "last_birth_in_facility", "age_at_first_birth", "months_since_last_birth"},
	},
	{
		name: "programs", table: "raw_program",
		columns: []string{"year", "opd_code", "opd_name", "program", "activity", "budget", "realization",
			"gender_responsive", "target_groups", "output_indicator", "output_target", "output_realized",
			"beneficiaries_male", "beneficiaries_female"},
		required: []string{"year", "opd_code", "opd_name", "program", "activity", "budget", "realization",
			"gender_responsive"},
		numeric: []string{"budget", "realization", "output_target", "output_realized", "beneficiaries_male",
			"beneficiaries_female"},
		key:       "(year, opd_code, program, activity)",
		dupColumn: "activity",
		direct:    true,
	},
	{
		// a Gender Budget Statement per gender-responsive activity; after programs, whose
		// activities it must name
		name: "gbs", table: "raw_gbs",
		columns: []string{"year", "opd_code", "program", "activity", "gender_issue", "data_basis", "data_indicator",
			"gap_factors", "cause_internal", "cause_external", "objective", "action_plan", "output_indicator",
			"target_female", "target_male", "outcome_indicator", "budget"},
		required:  []string{"year", "opd_code", "program", "activity", "gender_issue", "gap_factors"},
		numeric:   []string{"target_female", "target_male", "budget"},
		key:       "(year, opd_code, program, activity)",
		dupColumn: "activity",
	},
	{
		// the seven prerequisites of PUG per year and OPD
		name: "readiness", table: "raw_readiness",
		columns:   []string{"year", "opd_code", "prerequisite", "status", "evidence", "note"},
		required:  []string{"year", "opd_code", "prerequisite", "status"},
		key:       "(year, opd_code, prerequisite)",
		dupColumn: "prerequisite",
	},
	{
		// a BPS-style table, reshaped into the rows of an indicators file (table.go)
		name: "table", table: "raw_indicator",
		columns:    []string{"region_code", "year", "indicator", "sex", "value", "source", "note"},
		required:   []string{"region_code", "year", "indicator", "sex", "value"},
		numeric:    []string{"value"},
		key:        "(region_code, year, indicator, sex)",
		dupColumn:  "indicator",
		layout:     true,
		rules:      "indicators",
		cross:      true,
		dupFile:    "dup_table.sql",
		rejectFile: "reject_table.sql",
	},
}

// checks is the name of the kind whose check_ and key_ files the kind's rows go through.
func (k kindSpec) checks() string {
	if k.rules != "" {
		return k.rules
	}
	return k.name
}

// sqlOr is the kind's own file when it has one, else the shared file.
func sqlOr(own, shared string) string {
	if own != "" {
		return own
	}
	return shared
}

// Kinds lists the input kinds, in the order files are loaded.
func Kinds() []string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = k.name
	}
	return names
}

func specOf(kind string) (kindSpec, bool) {
	for _, k := range kinds {
		if k.name == kind {
			return k, true
		}
	}
	return kindSpec{}, false
}

func normalizeHeader(h string) string {
	return strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
}

// indonesian maps, for every kind, each Indonesian column name of data/columns.csv to the
// contract's column (kind -> name_id -> column); columnNotes maps kind.column to its Indonesian
// name and its notes in Indonesian and English, for templates. Both are read once from the
// embedded file.
var indonesian, columnNotes = readColumns(data.Columns)

// readColumns reads columns.csv by its header's names kind, column, name_id, note_id and
// note_en. The file is embedded: a defect in it is a build defect.
func readColumns(b []byte) (map[string]map[string]string, map[string][3]string) {
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(recs) == 0 {
		panic(fmt.Sprintf("ingest: data/columns.csv: %v", err))
	}
	at := map[string]int{}
	for i, h := range recs[0] {
		at[h] = i
	}
	for _, name := range []string{"kind", "column", "name_id", "note_id", "note_en"} {
		if _, ok := at[name]; !ok {
			panic("ingest: data/columns.csv has no column " + name)
		}
	}
	kind, col, id, noteID, noteEN := at["kind"], at["column"], at["name_id"], at["note_id"], at["note_en"]
	names := map[string]map[string]string{}
	notes := map[string][3]string{}
	for _, r := range recs[1:] {
		if names[r[kind]] == nil {
			names[r[kind]] = map[string]string{}
		}
		names[r[kind]][r[id]] = r[col]
		notes[r[kind]+"."+r[col]] = [3]string{r[id], r[noteID], r[noteEN]}
	}
	return names, notes
}

// column is the contract column a header field names in a file of the kind: the field lower
// case and trimmed, with spaces and hyphens read as underscores (kode wilayah = kode_wilayah),
// its Indonesian name (data/columns.csv) put in English; any other field as it is, lower case.
func (k kindSpec) column(h string) string {
	n := normalizeHeader(h)
	u := strings.NewReplacer(" ", "_", "-", "_").Replace(n)
	if c, ok := indonesian[k.name][u]; ok {
		return c
	}
	if indexOf(k.columns, u) >= 0 {
		return u
	}
	return n
}

// missing lists the required columns of spec that header lacks.
func (k kindSpec) missing(header []string) []string {
	have := map[string]bool{}
	for _, h := range header {
		have[k.column(h)] = true
	}
	var out []string
	for _, c := range k.required {
		if !have[c] {
			out = append(out, c)
		}
	}
	return out
}

// duplicated names the first column of the kind that the header has more than once ("":
// none). Columns that are not part of the kind may repeat: they are ignored.
func (k kindSpec) duplicated(header []string) string {
	seen := map[string]bool{}
	for _, h := range header {
		n := k.column(h)
		if seen[n] && indexOf(k.columns, n) >= 0 {
			return n
		}
		seen[n] = true
	}
	return ""
}

// DetectKind names the input kind whose required columns the header has (case-insensitive,
// in English or Indonesian: data/columns.csv).
// When several match, the kind with more required columns wins (it is the more specific).
func DetectKind(header []string) (string, error) {
	best := ""
	bestN := 0
	for _, k := range kinds {
		if !k.layout && len(k.missing(header)) == 0 && len(k.required) > bestN {
			best, bestN = k.name, len(k.required)
		}
	}
	if best == "" {
		shown := fmt.Sprintf("%q", clip(strings.Join(header, ",")))
		for _, h := range header {
			if strings.Contains(h, ",") { // the fields were not split on commas: show them apart
				shown = clip(fmt.Sprintf("%q", header))
				break
			}
		}
		return "", fmt.Errorf("unrecognised header %s (expected the columns of a regions, indicators, microdata, programs, gbs, readiness or table file, or --kind)", shown)
	}
	return best, nil
}

// columnMap maps each canonical column of spec to its position in header (-1: absent) and
// lists the header columns that are not used.
func (k kindSpec) columnMap(header []string) (pos []int, extra []string) {
	pos = make([]int, len(k.columns))
	index := map[string]int{}
	for i, h := range header {
		n := k.column(h)
		if _, dup := index[n]; !dup {
			index[n] = i
		}
	}
	used := map[int]bool{}
	for i, c := range k.columns {
		p, ok := index[c]
		if !ok {
			p = -1
		}
		pos[i] = p
		used[p] = true
	}
	for i, h := range header {
		if !used[i] {
			extra = append(extra, strings.TrimSpace(h))
		}
	}
	sort.Strings(extra)
	return pos, extra
}

// clip shortens a text shown in a message to about 300 bytes.
func clip(s string) string {
	if len(s) <= 300 {
		return s
	}
	return s[:300] + "..."
}

// Column is one column of an input contract as a person fills it: its name in English and
// Indonesian (data/columns.csv), what to write in it, whether the header must have it and
// whether it holds a number.
type Column struct {
	Name, NameID     string
	NoteID, NoteEN   string
	Required, Number bool
}

// Contract lists the columns of an input kind in the contract's order; false for an unknown
// kind or one recognised by its layout (a BPS-style table has no fixed columns).
func Contract(kind string) ([]Column, bool) {
	k, ok := specOf(kind)
	if !ok || k.layout {
		return nil, false
	}
	out := make([]Column, len(k.columns))
	for i, c := range k.columns {
		n := columnNotes[k.name+"."+c]
		out[i] = Column{Name: c, NameID: n[0], NoteID: n[1], NoteEN: n[2],
			Required: indexOf(k.required, c) >= 0, Number: indexOf(k.numeric, c) >= 0}
	}
	return out, true
}
