package ingest

import (
	"fmt"
	"sort"
	"strings"
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

// missing lists the required columns of spec that header lacks.
func (k kindSpec) missing(header []string) []string {
	have := map[string]bool{}
	for _, h := range header {
		have[normalizeHeader(h)] = true
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
		n := normalizeHeader(h)
		if seen[n] && indexOf(k.columns, n) >= 0 {
			return n
		}
		seen[n] = true
	}
	return ""
}

// DetectKind names the input kind whose required columns the header has (case-insensitive).
// When several match, the kind with more required columns wins (it is the more specific).
func DetectKind(header []string) (string, error) {
	best := ""
	bestN := 0
	for _, k := range kinds {
		if len(k.missing(header)) == 0 && len(k.required) > bestN {
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
		return "", fmt.Errorf("unrecognised header %s (expected the columns of a regions, indicators, microdata or programs file, or --kind)", shown)
	}
	return best, nil
}

// columnMap maps each canonical column of spec to its position in header (-1: absent) and
// lists the header columns that are not used.
func (k kindSpec) columnMap(header []string) (pos []int, extra []string) {
	pos = make([]int, len(k.columns))
	index := map[string]int{}
	for i, h := range header {
		n := normalizeHeader(h)
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
