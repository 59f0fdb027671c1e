package ingest

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/setara-pug/setara/data"
)

// The indicator a table's title names: the catalog's code, names, the abbreviations in its
// Indonesian name (UHH, RLS, TPAK ...), its aliases, and the phrases of
// data/indicator_titles.csv ("Rata-rata Lama Sekolah", "SMA+"). The longest phrase found in
// the title wins; two indicators found with phrases as long name none.

var parenthesised = regexp.MustCompile(`\(([^)]*)\)`)

// phrase is text put in the form titles are searched in: lower case, "+" as " plus ",
// letters and digits only, words apart, with a space at each end.
func phrase(s string) string {
	s = strings.ReplaceAll(strings.ToLower(s), "+", " plus ")
	var b strings.Builder
	b.WriteByte(' ')
	space := true
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	if !space {
		b.WriteByte(' ')
	}
	return b.String()
}

// titlePhrases maps each searchable phrase to its indicator code.
func titlePhrases(ctx context.Context, q querier) (map[string]string, error) {
	rows, err := q.QueryContext(ctx, sqlFile("table_catalog.sql"))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	add := func(code, text string) {
		if p := phrase(text); len(p) > 4 { // two letters and the spaces: too short to tell
			out[p] = code
		}
	}
	for rows.Next() {
		var code, nameID, nameEN, aliases string
		if err := rows.Scan(&code, &nameID, &nameEN, &aliases); err != nil {
			return nil, err
		}
		add(code, strings.ReplaceAll(code, "_", " "))
		add(code, nameEN)
		add(code, parenthesised.ReplaceAllString(nameID, ""))
		for _, m := range parenthesised.FindAllStringSubmatch(nameID, -1) {
			add(code, m[1])
		}
		for _, a := range strings.Split(aliases, ";") {
			// one-word aliases longer than an abbreviation are common words (penduduk)
			if strings.Contains(a, "_") || len(a) <= 6 {
				add(code, strings.ReplaceAll(a, "_", " "))
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	recs, err := csv.NewReader(bytes.NewReader(data.IndicatorTitles)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("data/indicator_titles.csv: %w", err)
	}
	for _, r := range recs[1:] {
		add(r[0], r[1])
	}
	return out, nil
}

// titleIndicator is the code of the indicator the title names ("": none, or two equally).
func titleIndicator(title string, phrases map[string]string) string {
	t := phrase(title)
	best, bestLen, tie := "", 0, false
	for p, code := range phrases {
		if !strings.Contains(t, p) {
			continue
		}
		switch {
		case len(p) > bestLen:
			best, bestLen, tie = code, len(p), false
		case len(p) == bestLen && code != best:
			tie = true
		}
	}
	if tie {
		return ""
	}
	return best
}
