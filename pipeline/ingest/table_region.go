package ingest

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/setara-pug/setara/data"
)

// Region names as BPS writes them, matched to codes: with or without "Kabupaten", "Kab." or
// "Kota", in any case, with or without the spaces BPS sometimes puts inside a name
// (Labuhan Batu), former names (data/region_aliases.csv), a province or "Indonesia" total row,
// kecamatan within their kab/kota.

// region is one region a name may match.
type region struct {
	code, name, level, parent string
}

// regionName is a name split into its kind prefix ("kab", "kota", "prov" or "") and its
// key: the rest, lower case, letters and digits only.
type regionName struct {
	prefix, key string
}

var (
	namePrefix = regexp.MustCompile(`^(?i)(kabupaten|kab\.?|kota\s+administrasi|kota|provinsi|prov\.?)\s+`)
	nameMarks  = regexp.MustCompile(`(\s*(\*+|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\(?[0-9a-z]\)))+$`)
	nameNumber = regexp.MustCompile(`^\(?[0-9]{1,3}[.)]\s+`) // the row's number: "01. Nias", "3) Karo"
)

func splitName(s string) regionName {
	s = nameNumber.ReplaceAllString(nameMarks.ReplaceAllString(strings.TrimSpace(s), ""), "")
	var n regionName
	if m := namePrefix.FindStringSubmatch(s); m != nil {
		switch p := strings.ToLower(m[1]); {
		case strings.HasPrefix(p, "kab"):
			n.prefix = "kab"
		case strings.HasPrefix(p, "kota"):
			n.prefix = "kota"
		default:
			n.prefix = "prov"
		}
		s = s[len(m[0]):]
	}
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	n.key = b.String()
	return n
}

// matcher finds the region a name of the table names.
type matcher struct {
	regions []region
	byKey   map[string][]int // key -> regions (by their names and aliases)
	prefix  []string         // the prefix of each region's own name
}

// newMatcher reads the declared regions (the region view) and the former names.
func newMatcher(ctx context.Context, q querier) (*matcher, error) {
	rows, err := q.QueryContext(ctx, sqlFile("table_regions.sql"))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := &matcher{byKey: map[string][]int{}}
	index := map[string]int{}
	for rows.Next() {
		var r region
		if err := rows.Scan(&r.code, &r.name, &r.level, &r.parent); err != nil {
			return nil, err
		}
		index[r.code] = len(m.regions)
		m.add(len(m.regions), r.name)
		m.regions = append(m.regions, r)
		m.prefix = append(m.prefix, splitName(r.name).prefix)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	aliases, err := csv.NewReader(bytes.NewReader(data.RegionAliases)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("data/region_aliases.csv: %w", err)
	}
	for _, a := range aliases[1:] {
		if i, ok := index[a[0]]; ok {
			m.add(i, a[1])
		}
	}
	return m, nil
}

func (m *matcher) add(i int, name string) {
	k := splitName(name).key
	for _, j := range m.byKey[k] {
		if j == i {
			return
		}
	}
	m.byKey[k] = append(m.byKey[k], i)
}

// match returns the regions name may be. A name with a prefix matches only regions whose own
// name has the same prefix or none ("Kab. Toba" is Kabupaten Toba; "Kota Toba" is nothing).
// parent, when not "", prefers the regions within it (kecamatan of the table's kab/kota).
func (m *matcher) match(name, parent string) []int {
	n := splitName(name)
	var out []int
	for _, i := range m.byKey[n.key] {
		if n.prefix == "" || m.prefix[i] == n.prefix || (m.prefix[i] == "" && n.prefix == "prov") {
			out = append(out, i)
		}
	}
	if len(out) > 1 && parent != "" {
		var within []int
		for _, i := range out {
			if m.regions[i].parent == parent {
				within = append(within, i)
			}
		}
		if len(within) > 0 {
			out = within
		}
	}
	return out
}

// closest is the region whose name is nearest to name: the edit distance of the keys, and
// two more for a prefix (Kabupaten, Kota) that differs.
func (m *matcher) closest(name string) region {
	n := splitName(name)
	keys := make([]string, 0, len(m.byKey))
	for k := range m.byKey {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	best, bestD := -1, 0
	for _, k := range keys {
		for _, i := range m.byKey[k] {
			d := editDistance(n.key, k)
			if n.prefix != "" && m.prefix[i] != n.prefix {
				d += 2
			}
			if best < 0 || d < bestD {
				best, bestD = i, d
			}
		}
	}
	if best < 0 {
		return region{}
	}
	return m.regions[best]
}

func (r region) String() string { return r.code + " " + r.name }

// editDistance is the Levenshtein distance of a and b (in runes).
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
