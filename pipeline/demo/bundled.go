package demo

import (
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/setara-pug/setara/data"
)

//go:embed profiles.csv published.csv published_index.csv opds.csv activities.csv
var bundled embed.FS

// readCSV reads an embedded or reference CSV file whose lines starting with '#' are comments;
// it returns the rows keyed by the header's column names.
func readCSV(r io.Reader, name string) ([]map[string]string, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s: empty", name)
	}
	header := recs[0]
	out := make([]map[string]string, 0, len(recs)-1)
	for _, rec := range recs[1:] {
		m := make(map[string]string, len(header))
		for i, h := range header {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
	return out, nil
}

func readEmbedded(name string) ([]map[string]string, error) {
	f, err := bundled.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readCSV(f, name)
}

// builtinRegions reads the BPS region codes built into setara (data/regions.csv).
func builtinRegions() (map[string]map[string]string, []map[string]string, error) {
	f, err := data.Reference.Open("regions.csv")
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	rows, err := readCSV(f, "data/regions.csv")
	if err != nil {
		return nil, nil, err
	}
	by := make(map[string]map[string]string, len(rows))
	for _, r := range rows {
		by[r["region_code"]] = r
	}
	return by, rows, nil
}

// kecamatanNames are Medan's kecamatan, used to place repeated activities.
func kecamatanNames() ([]string, error) {
	_, rows, err := builtinRegions()
	if err != nil {
		return nil, err
	}
	var out []string
	for _, r := range rows {
		if r["parent_code"] == data.HomeRegion {
			out = append(out, strings.TrimSpace(r["name"]))
		}
	}
	return out, nil
}
