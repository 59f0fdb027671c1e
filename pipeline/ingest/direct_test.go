package ingest

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// A microdata CSV is checked straight from the reader and numbered afterwards: over many
// vectors, with rows rejected by the checks, by the reader and as duplicates, every accepted
// row keeps its own line and every problem names the right one.
func TestDirectCSVKeepsLinesOverManyVectors(t *testing.T) {
	db := openWarehouse(t)
	var b strings.Builder
	b.WriteString("region_code,year,person_id,weight,sex,age,years_schooling,highest_education,labour_force_status,occupation_group,earnings,ever_married,last_birth_in_facility,age_at_first_birth\n")
	bad := map[int]string{
		1000: "region_code", // undeclared region: not matched by the region lookup
		2500: "sex",
		3000: "",          // an extra field: rejected by the reader
		4000: "person_id", // duplicate of 4500
		4500: "person_id",
		4999: "weight",
	}
	const last = 5001
	for line := 2; line <= last; line++ {
		region, person, sex, weight, extra := "1275010", fmt.Sprintf("p%d", line), "perempuan", "1.5", ""
		switch line {
		case 1000:
			region = "9999"
		case 2500:
			sex = "X"
		case 3000:
			extra = ",surplus"
		case 4000, 4500:
			person = "dup"
		case 4999:
			weight = "-1"
		}
		if line%7 == 0 {
			person = "  " + person + " " // trimmed, as written in a dup message
		}
		fmt.Fprintf(&b, "%s,2024,%s,%s,%s,%d,12,3,bekerja,2,3000000,ya,,%s\n", region, person, weight, sex, 20+line%50, extra)
	}
	path := writeFile(t, t.TempDir(), "many.csv", b.String())
	res := mustLoad(t, db, path, Options{Now: fixedNow})
	if res.Accepted != int64(last-1-len(bad)) || res.Rejected != int64(len(bad)) {
		t.Fatalf("result %+v, want %d accepted, %d rejected", res, last-1-len(bad), len(bad))
	}
	got := problemPlaces(res)
	var want []string
	for line, col := range bad {
		want = append(want, fmt.Sprintf("%d:%s", line, col))
	}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("problems at %v, want %v", got, want)
	}
	for _, p := range res.Problems {
		if p.Line == 4000 && p.Reason != "duplicate key (region_code, year, person_id) on lines 4000, 4500 (expected one row per (region_code, year, person_id))" {
			t.Errorf("duplicate problem %s", p)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM raw_microdata WHERE person_id <> 'p' || line OR sex <> 'P'`); n != 0 {
		t.Errorf("%d accepted rows carry another line's person_id (or an unnormalised sex)", n)
	}
}
