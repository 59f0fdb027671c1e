package bench

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/setara-pug/setara/pipeline/durable"
)

// The table row: one indicator of the generated indicators file (life expectancy) written
// as BPS publishes it (regions by name in the rows, years over sexes in two header rows, a
// title and a source footnote), loaded beside the same facts as a long indicators CSV.

// tableFiles are the two files of the table row and the facts they hold.
type tableFiles struct {
	table, long string
	facts       int
}

// writeTableFiles writes dir/table_uhh.csv and dir/long_uhh.csv from the data set's regions
// and indicators files.
func writeTableFiles(regionsCSV, indicatorsCSV, dir string) (tableFiles, error) {
	names, err := readColumns(regionsCSV, "region_code", "name")
	if err != nil {
		return tableFiles{}, err
	}
	facts, err := readColumns(indicatorsCSV, "region_code", "year", "indicator", "sex", "value")
	if err != nil {
		return tableFiles{}, err
	}
	name := map[string]string{}
	for _, r := range names {
		name[r[0]] = r[1]
	}
	value := map[string]string{} // code/year/sex -> value
	years := map[string]bool{}
	for _, f := range facts {
		if f[2] == "life_expectancy" && name[f[0]] != "" {
			value[f[0]+"/"+f[1]+"/"+f[3]] = f[4]
			years[f[1]] = true
		}
	}
	yearList := make([]string, 0, len(years))
	for y := range years {
		yearList = append(yearList, y)
	}
	sort.Strings(yearList)
	out := tableFiles{table: dir + "/table_uhh.csv", long: dir + "/long_uhh.csv", facts: len(value)}
	sexes := []struct{ label, code string }{{"Laki-laki", "L"}, {"Perempuan", "P"}, {"Jumlah", "T"}}
	err = durable.Write(out.table, 0o644, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		cw.Write([]string{"Umur Harapan Hidup (UHH) menurut Kabupaten/Kota dan Jenis Kelamin (tahun)"})
		upper, lower := []string{"Kabupaten/Kota"}, []string{""}
		for _, y := range yearList {
			for i, s := range sexes {
				upper = append(upper, map[bool]string{true: y}[i == 0])
				lower = append(lower, s.label)
			}
		}
		cw.Write(upper)
		cw.Write(lower)
		for _, r := range names {
			row := []string{r[1]}
			for _, y := range yearList {
				for _, s := range sexes {
					v, ok := value[r[0]+"/"+y+"/"+s.code]
					if !ok {
						v = "-"
					}
					row = append(row, v)
				}
			}
			cw.Write(row)
		}
		cw.Write([]string{"Sumber: data contoh (sintetis)"})
		cw.Flush()
		return cw.Error()
	})
	if err != nil {
		return out, err
	}
	err = durable.Write(out.long, 0o644, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		cw.Write([]string{"region_code", "year", "indicator", "sex", "value", "source"})
		for _, r := range names {
			for _, y := range yearList {
				for _, s := range sexes {
					if v, ok := value[r[0]+"/"+y+"/"+s.code]; ok {
						cw.Write([]string{r[0], y, "life_expectancy", s.code, v, "data contoh (sintetis)"})
					}
				}
			}
		}
		cw.Flush()
		return cw.Error()
	})
	return out, err
}

// readColumns reads the named columns of every record of a CSV file with a header.
func readColumns(path string, columns ...string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) == 0 {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	pos := make([]int, len(columns))
	for i, c := range columns {
		pos[i] = -1
		for j, h := range recs[0] {
			if strings.EqualFold(h, c) {
				pos[i] = j
			}
		}
		if pos[i] < 0 {
			return nil, fmt.Errorf("%s: no column %s", path, c)
		}
	}
	out := make([][]string, 0, len(recs)-1)
	for _, r := range recs[1:] {
		row := make([]string, len(pos))
		for i, p := range pos {
			row[i] = r[p]
		}
		out = append(out, row)
	}
	return out, nil
}

// tableRow is the report row of the table import against the long file of the same facts.
func tableRow(n int, tbl, long measured, facts int) Row {
	rate := func(m measured) float64 { return float64(m.Rows) / m.Seconds }
	r := row(n, "ingest_table", "ingest a BPS-style table (regions by name, years over sexes)", rate(tbl), "facts/s").
		vs("the same facts as a long indicators CSV", rate(long), false).judged(&goal{onRatio: true, atLeast: true, limit: 0.5})
	r.Note = strconv.Itoa(facts) + " facts; " + fmt.Sprintf("%.1f ms vs %.1f ms", tbl.Seconds*1000, long.Seconds*1000)
	return r
}
