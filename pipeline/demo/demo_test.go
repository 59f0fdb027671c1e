package demo

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/setara-pug/setara/data"
	"github.com/setara-pug/setara/pipeline/internal/csvtest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// smallOptions is the demo with fewer persons, to keep the tests quick.
func smallOptions(persons int) Options {
	o := DefaultOptions()
	o.Persons = persons
	return o
}

func write(t *testing.T, opts Options) Files {
	t.Helper()
	f, err := Write(context.Background(), t.TempDir(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func sha(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// records reads a generated CSV file as maps keyed by its header.
func records(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(bufio.NewReader(f)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return v
}

// builtin reads data/regions.csv: code -> level, parent.
func builtin(t *testing.T) map[string][2]string {
	t.Helper()
	recs := csvtest.RecordsFS(t, data.Reference, "regions.csv")
	out := map[string][2]string{}
	for _, r := range recs[1:] {
		out[r[0]] = [2]string{r[2], r[3]}
	}
	return out
}

func TestWriteIsDeterministic(t *testing.T) {
	opts := smallOptions(20000)
	a, b := write(t, opts), write(t, opts)
	for _, pair := range [][2]string{{a.Indicators, b.Indicators}, {a.Microdata, b.Microdata}, {a.Programs, b.Programs}} {
		if sha(t, pair[0]) != sha(t, pair[1]) {
			t.Errorf("%s differs between two runs with the same options", filepath.Base(pair[0]))
		}
	}
	other := opts
	other.Seed++
	c := write(t, other)
	if sha(t, a.Microdata) == sha(t, c.Microdata) {
		t.Error("microdata does not depend on the seed")
	}
}

// TestGoldenChecksums pins the bytes of a small demo, so that a change to the generator is a
// reviewed change (go test -update rewrites testdata/checksums.golden).
func TestGoldenChecksums(t *testing.T) {
	f := write(t, smallOptions(5000))
	var b strings.Builder
	for _, p := range f.List() {
		fmt.Fprintf(&b, "%s  %s\n", sha(t, p), filepath.Base(p))
	}
	golden := filepath.Join("testdata", "checksums.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if b.String() != string(want) {
		t.Errorf("generated files changed:\n got:\n%s want:\n%s", b.String(), want)
	}
}

func TestHeadersFollowTheContract(t *testing.T) {
	f := write(t, Options{Persons: 100, Years: []int{2023}, Seed: 1, National: true, OPDs: 3, Activities: 5})
	// The headers of design.md's input contracts, written out here rather than taken from the
	// package, so a change on either side fails.
	want := map[string]string{
		f.Regions:    "region_code,name,level,parent_code",
		f.Indicators: "region_code,year,indicator,sex,value,source,note",
		f.Microdata: "region_code,year,person_id,weight,sex,age,years_schooling,highest_education," +
			"labour_force_status,occupation_group,earnings,ever_married,last_birth_in_facility,age_at_first_birth," +
			"psu,strata,months_since_last_birth",
		f.Programs: "year,opd_code,opd_name,program,activity,budget,realization,gender_responsive,target_groups," +
			"output_indicator,output_target,output_realized,beneficiaries_male,beneficiaries_female",
	}
	for path, header := range want {
		file, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		line, err := bufio.NewReader(file).ReadString('\n')
		file.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimSuffix(line, "\n"); got != header {
			t.Errorf("%s header:\n got %s\nwant %s", filepath.Base(path), got, header)
		}
	}
}

// weighted accumulates weighted sums by sex (0 female, 1 male).
type weighted struct{ num, den [2]float64 }

func (w *weighted) add(sex int, x, weight float64) {
	w.num[sex] += x * weight
	w.den[sex] += weight
}
func (w *weighted) mean(sex int) float64 { return w.num[sex] / w.den[sex] }

func TestMicrodataIsPlausible(t *testing.T) {
	f := write(t, smallOptions(60000))
	regions := builtin(t)
	var lfpr, school, earnings, employedProf weighted
	seen := map[string]bool{}
	years := map[string]bool{}
	for i, r := range records(t, f.Microdata) {
		line := i + 2
		if lvl := regions[r["region_code"]][0]; lvl != "district" && lvl != "regency" {
			t.Fatalf("line %d: region %q is not a built-in kecamatan or kabupaten/kota", line, r["region_code"])
		}
		if r["region_code"] == "1275" {
			t.Fatalf("line %d: Medan microdata must be at kecamatan level", line)
		}
		key := r["region_code"] + "/" + r["year"] + "/" + r["person_id"]
		if seen[key] {
			t.Fatalf("line %d: duplicate person %s", line, key)
		}
		seen[key] = true
		years[r["year"]] = true
		w := num(t, r["weight"])
		if !(w > 0) {
			t.Fatalf("line %d: weight %v", line, w)
		}
		sex := map[string]int{"P": 0, "L": 1}[r["sex"]]
		if r["sex"] != "P" && r["sex"] != "L" {
			t.Fatalf("line %d: sex %q", line, r["sex"])
		}
		age := num(t, r["age"])
		ys := num(t, r["years_schooling"])
		edu := num(t, r["highest_education"])
		if age < 15 || age > 95 || ys < 0 || ys > age-6 || edu < 0 || edu > 7 {
			t.Fatalf("line %d: age %v, schooling %v, education %v", line, age, ys, edu)
		}
		employed := r["labour_force_status"] == "employed"
		switch r["labour_force_status"] {
		case "employed", "unemployed", "not_in_labour_force":
		default:
			t.Fatalf("line %d: labour_force_status %q", line, r["labour_force_status"])
		}
		if employed != (r["occupation_group"] != "") || employed != (r["earnings"] != "") {
			t.Fatalf("line %d: occupation %q / earnings %q for status %s", line, r["occupation_group"], r["earnings"], r["labour_force_status"])
		}
		if r["ever_married"] != "true" && r["ever_married"] != "false" {
			t.Fatalf("line %d: ever_married %q", line, r["ever_married"])
		}
		hasBirth := r["last_birth_in_facility"] != ""
		if hasBirth != (r["age_at_first_birth"] != "") {
			t.Fatalf("line %d: birth fields only half filled", line)
		}
		if hasBirth {
			if r["sex"] != "P" || age > 49 || r["ever_married"] != "true" {
				t.Fatalf("line %d: birth fields for a person who is not an ever-married woman 15-49", line)
			}
			if afb := num(t, r["age_at_first_birth"]); afb < 10 || afb > age {
				t.Fatalf("line %d: age at first birth %v at age %v", line, afb, age)
			}
		}

		inLF := 0.0
		if r["labour_force_status"] != "not_in_labour_force" {
			inLF = 1
		}
		lfpr.add(sex, inLF, w)
		if age >= 25 {
			school.add(sex, ys, w)
		}
		if employed {
			earnings.add(sex, num(t, r["earnings"]), w)
			prof := 0.0
			if g := r["occupation_group"]; g == "1" || g == "2" || g == "3" {
				prof = 1
			}
			employedProf.add(sex, prof, w)
		}
	}
	if len(years) != 7 {
		t.Errorf("years covered: %v, want 2018-2024", years)
	}
	checks := []struct {
		name   string
		value  float64
		lo, hi float64
	}{
		{"female LFPR %", 100 * lfpr.mean(0), 48, 62},
		{"male LFPR %", 100 * lfpr.mean(1), 78, 88},
		{"female mean schooling 25+", school.mean(0), 8.5, 11.5},
		{"male - female mean schooling", school.mean(1) - school.mean(0), 0.05, 1.5},
		{"female / male mean earnings of the employed", earnings.mean(0) / earnings.mean(1), 0.55, 0.95},
	}
	for _, c := range checks {
		if !(c.value >= c.lo && c.value <= c.hi) {
			t.Errorf("%s = %.3f, want %g..%g", c.name, c.value, c.lo, c.hi)
		}
	}
	if employedProf.mean(0) <= 0 || employedProf.mean(1) <= 0 {
		t.Error("no professionals among the employed")
	}
}

func TestIndicatorsFollowTheCatalog(t *testing.T) {
	f := write(t, smallOptions(0))
	if f.Microdata != "" {
		t.Errorf("Persons 0 wrote microdata %s", f.Microdata)
	}
	catalog := catalogRanges(t)
	regions := builtin(t)
	keys := map[string]bool{}
	have := map[string]bool{} // region/year/indicator/sex
	values := map[string]float64{}
	for i, r := range records(t, f.Indicators) {
		line := i + 2
		c, ok := catalog[r["indicator"]]
		if !ok {
			t.Fatalf("line %d: indicator %q not in the catalog", line, r["indicator"])
		}
		if _, ok := regions[r["region_code"]]; !ok {
			t.Fatalf("line %d: region %q is not built in", line, r["region_code"])
		}
		if !strings.Contains(";"+c.sexes+";", ";"+r["sex"]+";") {
			t.Fatalf("line %d: sex %s not allowed for %s", line, r["sex"], r["indicator"])
		}
		v := num(t, r["value"])
		if v < c.min || v > c.max {
			t.Fatalf("line %d: %s = %v outside %v..%v", line, r["indicator"], v, c.min, c.max)
		}
		key := r["region_code"] + "/" + r["year"] + "/" + r["indicator"] + "/" + r["sex"]
		if keys[key] {
			t.Fatalf("line %d: duplicate key %s", line, key)
		}
		keys[key] = true
		have[key] = true
		values[key] = v
		if r["source"] != SyntheticSource && !strings.HasPrefix(r["source"], "BPS") {
			t.Fatalf("line %d: source %q is neither synthetic nor BPS", line, r["source"])
		}
	}
	// A total lies between the female and male values (a count is their sum).
	for key := range have {
		parts := strings.Split(key, "/")
		if parts[3] != "T" {
			continue
		}
		cell := strings.Join(parts[:3], "/")
		f, m, tot := values[cell+"/P"], values[cell+"/L"], values[key]
		if !have[cell+"/P"] || !have[cell+"/L"] {
			continue
		}
		if parts[2] == "population" {
			if tot != f+m {
				t.Errorf("%s: total %v != %v + %v", cell, tot, f, m)
			}
		} else if tot < math.Min(f, m)-0.01 || tot > math.Max(f, m)+0.01 {
			t.Errorf("%s: total %v outside female %v, male %v", cell, tot, f, m)
		}
	}
	// Kota Medan and Sumatera Utara have every input of IPG, IDG and IKG in every year.
	inputs := []string{
		"life_expectancy/P", "life_expectancy/L", "expected_schooling/P", "expected_schooling/L",
		"mean_schooling/P", "mean_schooling/L", "expenditure_per_capita/P", "expenditure_per_capita/L", "expenditure_per_capita/T",
		"parliament_share/P", "parliament_share/L", "professional_share/P", "professional_share/L",
		"income_share/P", "income_share/L", "population/P", "population/L",
		"birth_outside_facility/P", "first_birth_under_20/P", "senior_high_education/P",
		"senior_high_education/L", "labour_force_participation/P", "labour_force_participation/L",
	}
	for _, region := range []string{"1275", "12", "1201"} {
		for y := 2018; y <= 2024; y++ {
			for _, in := range inputs {
				parts := strings.Split(in, "/")
				if !have[fmt.Sprintf("%s/%d/%s/%s", region, y, parts[0], parts[1])] {
					t.Errorf("%s %d: %s missing", region, y, in)
				}
			}
		}
	}
	// Every kecamatan has a population.
	for code, r := range regions {
		if r[1] == "1275" && !have[code+"/2024/population/T"] {
			t.Errorf("kecamatan %s has no population", code)
		}
	}
}

type catalogEntry struct {
	min, max float64
	sexes    string
}

func catalogRanges(t *testing.T) map[string]catalogEntry {
	t.Helper()
	recs := csvtest.RecordsFS(t, data.Reference, "indicators.csv")
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	out := map[string]catalogEntry{}
	for _, r := range recs[1:] {
		out[r[col["code"]]] = catalogEntry{num(t, r[col["min"]]), num(t, r[col["max"]]), r[col["sexes"]]}
	}
	return out
}

// ikg is BPS's IKG (methods.md section 3), written out independently of the stages.
func ikg(v map[string]float64) float64 {
	hf := math.Sqrt(5e-5 / (v["birth_outside_facility/P"] * v["first_birth_under_20/P"]))
	prf := math.Max(v["parliament_share/P"], 0.01) / 100
	prm := v["parliament_share/L"] / 100
	ef := math.Sqrt(prf * v["senior_high_education/P"] / 100)
	em := math.Sqrt(prm * v["senior_high_education/L"] / 100)
	lf, lm := v["labour_force_participation/P"]/100, v["labour_force_participation/L"]/100
	gf := math.Cbrt(hf * ef * lf)
	gm := math.Cbrt(em * lm)
	harm := 2 / (1/gf + 1/gm)
	gfm := math.Cbrt((hf + 1) / 2 * (ef + em) / 2 * (lf + lm) / 2)
	return 1 - harm/gfm
}

// ipg is BPS's IPG (methods.md section 1).
func ipg(v map[string]float64) float64 {
	hdi := func(s string, lifeMin float64) float64 {
		life := math.Min(1, (v["life_expectancy/"+s]-lifeMin)/65)
		edu := (math.Min(1, v["expected_schooling/"+s]/18) + math.Min(1, v["mean_schooling/"+s]/15)) / 2
		inc := math.Min(1, (math.Log(v["expenditure_per_capita/"+s])-math.Log(1007.436))/(math.Log(26572.352)-math.Log(1007.436)))
		return math.Cbrt(life * edu * inc)
	}
	return 100 * hdi("P", 22.5) / hdi("L", 17.5)
}

func TestRealPublishedRows(t *testing.T) {
	f := write(t, smallOptions(0))
	values := map[string]map[string]float64{} // region/year -> indicator/sex -> value
	sources := map[string]string{}
	for _, r := range records(t, f.Indicators) {
		ry := r["region_code"] + "/" + r["year"]
		if values[ry] == nil {
			values[ry] = map[string]float64{}
		}
		values[ry][r["indicator"]+"/"+r["sex"]] = num(t, r["value"])
		sources[ry+"/"+r["indicator"]+"/"+r["sex"]] = r["source"]
	}
	// The real rows replace the synthetic ones, with their BPS source.
	realRows, err := readEmbedded("published.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(realRows) != 16 {
		t.Fatalf("published.csv has %d rows, want Sumatera Utara's 8 IKG inputs for 2022 and 2023", len(realRows))
	}
	for _, r := range realRows {
		ry := r["region_code"] + "/" + r["year"]
		k := r["indicator"] + "/" + r["sex"]
		if got := values[ry][k]; got != num(t, r["value"]) {
			t.Errorf("%s %s = %v, want the published %s", ry, k, got, r["value"])
		}
		if src := sources[ry+"/"+k]; !strings.HasPrefix(src, "BPS") {
			t.Errorf("%s %s: source %q, want BPS", ry, k, src)
		}
	}
	// The real inputs reproduce BPS's published IKG; the synthetic regions land near the
	// published context figures (a plausibility bound, not a reproduction).
	refs, err := readEmbedded("published_index.csv")
	if err != nil {
		t.Fatal(err)
	}
	tolerance := map[string]float64{"12/2022/ikg": 0.0005, "12/2023/ikg": 0.0005, "1275/2023/ikg": 0.03, "12/2022/ipg": 1.5}
	checked := 0
	for _, ref := range refs {
		key := ref["region_code"] + "/" + ref["year"] + "/" + ref["index_code"]
		tol, ok := tolerance[key]
		if !ok {
			continue
		}
		v := values[ref["region_code"]+"/"+ref["year"]]
		var got float64
		switch ref["index_code"] {
		case "ikg":
			got = ikg(v)
		case "ipg":
			got = ipg(v)
		}
		want := num(t, ref["value"])
		if math.Abs(got-want) > tol {
			t.Errorf("%s: %.4f from the demo inputs, published %.3f (tolerance %g)", key, got, want, tol)
		}
		checked++
	}
	if checked != len(tolerance) {
		t.Errorf("checked %d published values, want %d", checked, len(tolerance))
	}
}

func TestProgramsArePlausible(t *testing.T) {
	f := write(t, smallOptions(0))
	groups := map[string]bool{"perempuan": true, "disabilitas": true, "lansia": true, "ibu_hamil": true, "anak": true}
	opds := map[string]bool{}
	perYear := map[string]int{}
	keys := map[string]bool{}
	seenGroup := map[string]bool{}
	responsive := map[string]int{}
	for i, r := range records(t, f.Programs) {
		line := i + 2
		key := r["year"] + "/" + r["opd_code"] + "/" + r["program"] + "/" + r["activity"]
		if keys[key] {
			t.Fatalf("line %d: duplicate activity %s", line, key)
		}
		keys[key] = true
		opds[r["opd_code"]] = true
		perYear[r["year"]]++
		if r["target_groups"] != "" {
			for _, g := range strings.Split(r["target_groups"], ";") {
				if !groups[g] {
					t.Fatalf("line %d: target group %q", line, g)
				}
				seenGroup[g] = true
			}
		}
		budget, real := num(t, r["budget"]), num(t, r["realization"])
		if budget <= 0 || real < 0 || real > budget {
			t.Fatalf("line %d: budget %v, realization %v", line, budget, real)
		}
		if r["gender_responsive"] == "true" {
			responsive[r["year"]]++
		} else if r["gender_responsive"] != "false" {
			t.Fatalf("line %d: gender_responsive %q", line, r["gender_responsive"])
		}
		if (r["beneficiaries_female"] == "") != (r["beneficiaries_male"] == "") {
			t.Fatalf("line %d: beneficiaries by sex only half filled", line)
		}
		if r["beneficiaries_female"] != "" {
			if num(t, r["beneficiaries_female"])+num(t, r["beneficiaries_male"]) != num(t, r["output_realized"]) {
				t.Fatalf("line %d: beneficiaries do not add up to the realized output", line)
			}
			if strings.Contains(r["target_groups"], "ibu_hamil") && !strings.Contains(r["target_groups"], "anak") &&
				num(t, r["beneficiaries_male"]) != 0 {
				t.Fatalf("line %d: men among the beneficiaries of a pregnant-women activity", line)
			}
		}
	}
	if len(opds) != 40 {
		t.Errorf("%d OPDs, want 40", len(opds))
	}
	for y := 2018; y <= 2024; y++ {
		if n := perYear[strconv.Itoa(y)]; n != 300 {
			t.Errorf("%d: %d activities, want 300", y, n)
		}
	}
	if len(seenGroup) != 5 {
		t.Errorf("target groups used: %v, want all five", seenGroup)
	}
	if responsive["2024"] <= responsive["2018"] {
		t.Errorf("responsive activities %d (2018) -> %d (2024): gender-responsive budgeting should grow", responsive["2018"], responsive["2024"])
	}
}

func TestNationalMode(t *testing.T) {
	f := write(t, Options{Persons: 20000, Years: []int{2023}, Seed: 7, National: true, OPDs: 500, Activities: 1500})
	builtinRegions := builtin(t)
	declared := map[string]bool{}
	perProvince := map[string]int{}
	for _, r := range records(t, f.Regions) {
		if r["level"] != "regency" {
			t.Fatalf("region %s: level %q", r["region_code"], r["level"])
		}
		if lvl := builtinRegions[r["parent_code"]][0]; lvl != "province" {
			t.Fatalf("region %s: parent %q is not a province", r["region_code"], r["parent_code"])
		}
		if !strings.HasPrefix(r["region_code"], r["parent_code"]) || len(r["region_code"]) != 4 {
			t.Fatalf("region %s does not follow the BPS pattern under %s", r["region_code"], r["parent_code"])
		}
		if b, ok := builtinRegions[r["region_code"]]; ok && b[1] != r["parent_code"] {
			t.Fatalf("region %s contradicts the built-in region", r["region_code"])
		}
		if declared[r["region_code"]] {
			t.Fatalf("region %s declared twice", r["region_code"])
		}
		declared[r["region_code"]] = true
		perProvince[r["parent_code"]]++
	}
	if len(declared) != 514 || len(perProvince) != 38 || perProvince["12"] != 33 {
		t.Errorf("%d kabupaten/kota in %d provinces (%d in Sumatera Utara), want 514 in 38 (33)", len(declared), len(perProvince), perProvince["12"])
	}
	micro := map[string]bool{}
	for _, r := range records(t, f.Microdata) {
		if !declared[r["region_code"]] {
			t.Fatalf("microdata region %s is not declared in the regions file", r["region_code"])
		}
		micro[r["region_code"]] = true
	}
	if len(micro) != 514 {
		t.Errorf("microdata covers %d kabupaten/kota, want 514", len(micro))
	}
	withIndicators := map[string]bool{}
	for _, r := range records(t, f.Indicators) {
		if !declared[r["region_code"]] && builtinRegions[r["region_code"]][0] == "" {
			t.Fatalf("indicator region %s is neither declared nor built in", r["region_code"])
		}
		withIndicators[r["region_code"]] = true
	}
	if len(withIndicators) != 514+38+1 {
		t.Errorf("indicators for %d regions, want 553", len(withIndicators))
	}
	opds := map[string]bool{}
	for _, r := range records(t, f.Programs) {
		opds[r["opd_code"]] = true
	}
	if len(opds) != 500 {
		t.Errorf("%d OPDs, want 500", len(opds))
	}
}

func TestAllocate(t *testing.T) {
	tests := []struct {
		total   int
		weights []float64
		want    []int
	}{
		{10, []float64{1, 1}, []int{5, 5}},
		{10, []float64{1, 2, 2}, []int{2, 4, 4}},
		{3, []float64{1, 1, 1, 1}, []int{1, 1, 1, 0}},
		{7, []float64{1, 1}, []int{4, 3}},
		{0, []float64{1}, []int{0}},
		{5, []float64{0, 1}, []int{0, 5}},
	}
	for _, tc := range tests {
		got := allocate(tc.total, tc.weights)
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("allocate(%d, %v) = %v, want %v", tc.total, tc.weights, got, tc.want)
		}
	}
}

// BenchmarkWrite measures generating the demo data set at two sizes; run with -benchtime=1x.
// It reports the microdata file size.
func BenchmarkWrite(b *testing.B) {
	for _, persons := range []int{200_000, 5_000_000} {
		b.Run(fmt.Sprintf("persons=%d", persons), func(b *testing.B) {
			opts := smallOptions(persons)
			dir := b.TempDir()
			var f Files
			for range b.N {
				var err error
				if f, err = Write(context.Background(), dir, opts); err != nil {
					b.Fatal(err)
				}
			}
			st, err := os.Stat(f.Microdata)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(st.Size())/1e6, "microdata-MB")
		})
	}
}

// Benchmarks vary the number of kabupaten/kota: every province keeps a share of its own, in
// proportion, and the whole set lands near the number asked for.
func TestNationalRegenciesScale(t *testing.T) {
	for _, n := range []int{40, 128, 257, 514, 5000} {
		f := write(t, Options{Persons: 100, Years: []int{2023}, Seed: 1, National: true, OPDs: 3, Activities: 5, Regencies: n})
		body, err := os.ReadFile(f.Regions)
		if err != nil {
			t.Fatal(err)
		}
		perProvince := map[string]int{}
		regencies := 0
		for _, line := range strings.Split(strings.TrimSpace(string(body)), "\n")[1:] {
			fields := strings.Split(line, ",")
			if fields[2] == "regency" {
				regencies++
				perProvince[fields[3]]++
			}
		}
		want := min(n, 514)
		if regencies < want*9/10 || regencies > want*11/10+38 {
			t.Errorf("Regencies %d: %d kabupaten/kota, want about %d", n, regencies, want)
		}
		if len(perProvince) != 38 {
			t.Errorf("Regencies %d: regencies in %d provinces, want all 38", n, len(perProvince))
		}
	}
}
