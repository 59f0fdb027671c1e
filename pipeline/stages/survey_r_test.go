package stages

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/setara-pug/setara/pipeline/internal/csvtest"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

// surveyDomains are the regions the R comparison covers: two kecamatan (Medan Johor's births
// were all in a facility, so its MTF is a zero from a sample), Kota Medan, a kabupaten with a
// single-PSU stratum, another kabupaten and Sumatera Utara.
var surveyDomains = []string{"1275010", "1275020", "1275", "1201", "1202", "12"}

// writeSurvey writes a deterministic survey file with psu and strata: Kota Medan's 21
// kecamatan share two strata (urban, rural), each kecamatan with three PSUs in each (PSU codes
// repeat across kecamatan: they are different PSUs); every other kab/kota of Sumatera Utara
// is one stratum of two PSUs, except Kabupaten Nias (1201), whose stratum has one PSU. The
// records of a region for which designed is false carry neither psu nor strata: each is its own
// PSU, and all such records are one stratum.
func writeSurvey(t *testing.T, db *sql.DB, path string, designed func(region string) bool) {
	t.Helper()
	rng := rand.New(rand.NewPCG(19, 2023))
	var b strings.Builder
	b.WriteString("region_code,year,person_id,weight,sex,age,years_schooling,highest_education,labour_force_status," +
		"occupation_group,earnings,ever_married,last_birth_in_facility,age_at_first_birth,psu,strata,months_since_last_birth\n")
	id := 0
	psu := func(region, strata, code string, persons int) {
		level := rng.Float64() // a PSU effect, so the design effect is not 1
		if !designed(region) {
			strata, code = "", ""
		}
		for range persons {
			id++
			b.WriteString(person(rng, region, strata, code, id, level))
		}
	}
	rows, err := db.Query(`SELECT region_code, level FROM region
		WHERE parent_code = '12' AND level = 'regency' OR parent_code = '1275' AND level = 'district'
		ORDER BY region_code`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var code, level string
		if err := rows.Scan(&code, &level); err != nil {
			t.Fatal(err)
		}
		switch {
		case code == "1275":
			continue // its records are its kecamatan's
		case level == "district":
			for _, s := range []string{"1275-1", "1275-2"} {
				for p := 1; p <= 3; p++ {
					psu(code, s, fmt.Sprintf("%03d", p), 6+rng.IntN(6))
				}
			}
		case code == "1201":
			psu(code, code+"-1", "001", 12)
		default:
			psu(code, code+"-1", "001", 8+rng.IntN(4))
			psu(code, code+"-1", "002", 8+rng.IntN(4))
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// person is one CSV record of writeSurvey; level shifts the PSU's labour force and schooling.
func person(rng *rand.Rand, region, strata, psu string, id int, level float64) string {
	sex := "L"
	if rng.IntN(2) == 0 {
		sex = "P"
	}
	age := rng.IntN(86)
	f := []string{region, "2023", "S-" + strconv.Itoa(id), strconv.FormatFloat(50+350*rng.Float64(), 'f', 3, 64), sex,
		strconv.Itoa(age), "", "", "", "", "", "", "", "", psu, strata, ""}
	if age >= 5 {
		ys := min(16, rng.IntN(10)+int(7*level))
		f[6] = strconv.Itoa(ys)
		f[7] = strconv.Itoa(min(7, ys/3))
	}
	if age >= 15 {
		switch r := rng.Float64(); {
		case r < 0.4+0.3*level:
			f[8] = "employed"
			f[9] = strconv.Itoa(rng.IntN(10))
			if rng.IntN(5) > 0 {
				f[10] = strconv.Itoa(500000 + rng.IntN(9000000))
			}
		case r < 0.5+0.3*level:
			f[8] = "unemployed"
		default:
			f[8] = "not_in_labour_force"
		}
		married := rng.IntN(3) > 0
		f[11] = strconv.FormatBool(married)
		if married && sex == "P" && age <= 49 && rng.IntN(4) > 0 {
			// Medan Johor's births were all in a health facility
			f[12] = strconv.FormatBool(region == "1275020" || rng.IntN(5) > 0)
			f[13] = strconv.Itoa(min(age, 15+rng.IntN(15)))
			f[16] = strconv.Itoa(rng.IntN(60))
		}
	}
	return strings.Join(f, ",") + "\n"
}

// surveyEstimate is one estimate of setara's or R's.
type surveyEstimate struct {
	value, se, rse float64
	cases          int
	band           string
}

// rEstimates runs the R script on the survey file and reads its estimates by
// domain/indicator/sex.
func rEstimates(t *testing.T, rscript, survey string) map[string]surveyEstimate {
	t.Helper()
	out := filepath.Join(t.TempDir(), "r.csv")
	args := append([]string{filepath.Join("testdata", "survey_oracle.R"), survey, out}, surveyDomains...)
	cmd := exec.Command(rscript, args...)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("Rscript: %v\n%s", err, msg)
	}
	recs := csvtest.Records(t, out)
	got := map[string]surveyEstimate{}
	for _, r := range recs[1:] {
		var e surveyEstimate
		var err error
		for i, p := range []*float64{&e.value, &e.se, &e.rse} {
			if *p, err = strconv.ParseFloat(r[3+i], 64); err != nil {
				t.Fatalf("R output %v: %v", r, err)
			}
		}
		if e.cases, err = strconv.Atoi(r[6]); err != nil {
			t.Fatalf("R output %v: %v", r, err)
		}
		got[r[0]+"/"+r[1]+"/"+r[2]] = e
	}
	return got
}

func setaraEstimates(t *testing.T, wh *warehouse.Warehouse) map[string]surveyEstimate {
	t.Helper()
	rows, err := wh.DB.Query(`SELECT region_code, indicator, sex, value, se, rse, band FROM published.indicator_estimate
		WHERE origin = 'microdata' AND year = 2023`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]surveyEstimate{}
	for rows.Next() {
		var region, indicator, sex string
		var e surveyEstimate
		var rse sql.NullFloat64
		if err := rows.Scan(&region, &indicator, &sex, &e.value, &e.se, &rse, &e.band); err != nil {
			t.Fatal(err)
		}
		e.rse = rse.Float64
		got[region+"/"+indicator+"/"+sex] = e
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return got
}

// relClose reports whether a and b agree to tol relative (absolute near zero).
func relClose(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(math.Abs(b), 1e-12) || math.Abs(a-b) < 1e-12
}

// expectedBand is BPS's publication rule applied to R's estimate (thresholds as in
// data/constants.csv: survey_rse_publish, survey_rse_caution, survey_min_numerator_cases).
func expectedBand(indicator string, r surveyEstimate) string {
	proportion := indicator != "mean_schooling" && indicator != "population"
	scale := 1.0
	if strings.HasSuffix(indicator, "_education") || strings.HasSuffix(indicator, "_share") ||
		indicator == "labour_force_participation" {
		scale = 100
	}
	switch {
	case proportion && (r.value == 0 || r.value == scale), r.value == 0, r.rse > 0.5, r.cases < 10:
		return "suppress"
	case r.rse > 0.25:
		return "caution"
	}
	return "publish"
}

// TestMicrodataMatchesRSurvey compares every microdata estimate, its linearised standard
// error and relative standard error with R's survey package on the same file (loaded
// through the normal ingest path), for kecamatan, kab/kota and the province, including a
// single-PSU stratum, and checks each band against BPS's rule applied to R's figures.
func TestMicrodataMatchesRSurvey(t *testing.T) {
	matchesRSurvey(t, func(string) bool { return true })
}

// TestMicrodataWithoutPSUMatchesRSurvey is the same comparison on a file whose records
// outside Kota Medan have no psu and no strata (each record its own PSU, one stratum of them),
// so that the province mixes both kinds of record.
func TestMicrodataWithoutPSUMatchesRSurvey(t *testing.T) {
	matchesRSurvey(t, func(region string) bool { return strings.HasPrefix(region, "1275") })
}

func matchesRSurvey(t *testing.T, designed func(region string) bool) {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: needs Rscript with the survey package; the full run (./scripts/test) fails without it")
	}
	rscript, err := exec.LookPath("Rscript")
	if err != nil {
		t.Fatalf("Rscript (r-base-core, r-cran-survey) is required for this test: %v", err)
	}
	wh := openWarehouse(t)
	survey := filepath.Join(t.TempDir(), "susenas.csv")
	writeSurvey(t, wh.DB, survey, designed)
	ingestFiles(t, wh, survey)
	if _, err := Run(context.Background(), wh, Options{Now: stepClock(), ReliabilityThreshold: 30}); err != nil {
		t.Fatal(err)
	}
	want := rEstimates(t, rscript, survey)
	got := setaraEstimates(t, wh)
	if len(want) < 6*15 {
		t.Fatalf("R gave %d estimates; want at least %d", len(want), 6*15)
	}
	bands := map[string]int{}
	for key, r := range want {
		s, ok := got[key]
		if !ok {
			t.Errorf("%s: R has %.6g, setara none", key, r.value)
			continue
		}
		indicator := strings.Split(key, "/")[1]
		if !relClose(s.value, r.value, 1e-9) || !relClose(s.se, r.se, 1e-6) ||
			(r.value != 0 && !relClose(s.rse, r.rse, 1e-6)) {
			t.Errorf("%s: setara %.12g se %.12g rse %.12g; R %.12g se %.12g rse %.12g",
				key, s.value, s.se, s.rse, r.value, r.se, r.rse)
		}
		if b := expectedBand(indicator, r); s.band != b {
			t.Errorf("%s: band %s, want %s (R: rse %.4f, %d cases)", key, s.band, b, r.rse, r.cases)
		}
		bands[s.band]++
	}
	if bands["publish"] == 0 || bands["caution"] == 0 || bands["suppress"] == 0 {
		t.Errorf("bands %v: the file should exercise all three", bands)
	}
	if mtf := got["1275020/birth_outside_facility/P"]; mtf.value != 0 || mtf.band != "suppress" {
		t.Errorf("Medan Johor MTF = %v %s, want a zero from a sample, suppressed", mtf.value, mtf.band)
	}
	// An estimate BPS would suppress is never reliable, however many records it has: every
	// surface that hides unreliable estimates hides it.
	var many, shown int
	if err := wh.DB.QueryRow(`SELECT count(*) FILTER (WHERE n_unweighted >= 30), count(*) FILTER (WHERE reliable)
		FROM published.indicator_value WHERE origin = 'microdata' AND band = 'suppress'`).Scan(&many, &shown); err != nil {
		t.Fatal(err)
	}
	if many == 0 || shown != 0 {
		t.Errorf("suppressed estimates: %d with 30 records or more (want some), %d reliable (want none)", many, shown)
	}
}
