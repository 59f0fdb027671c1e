package stages

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/setara-pug/setara/pipeline/internal/csvtest"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

// lfpr computes, independently of the SQL, the weighted labour force participation (percent)
// of women 15+ in the fixture's records of the given kecamatan, with the record count.
func lfpr(t *testing.T, kecamatan map[string]bool) (float64, int) {
	t.Helper()
	recs := csvtest.Records(t, filepath.Join("testdata", "fixture", "microdata.csv"))
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	var in, all float64
	n := 0
	for _, r := range recs[1:] {
		age, _ := strconv.Atoi(r[col["age"]])
		status := r[col["labour_force_status"]]
		if !kecamatan[r[col["region_code"]]] || r[col["sex"]] != "P" || age < 15 || status == "" {
			continue
		}
		w, err := strconv.ParseFloat(r[col["weight"]], 64)
		if err != nil {
			t.Fatal(err)
		}
		all += w
		if status == "employed" || status == "unemployed" {
			in += w
		}
		n++
	}
	return 100 * in / all, n
}

func TestMicrodataRollsUpRecordsNotRates(t *testing.T) {
	ctx := context.Background()
	wh := openWarehouse(t)
	loadFixture(t, wh.DB, "microdata", filepath.Join("testdata", "fixture", "microdata.csv"))
	const threshold = 20
	if _, err := Run(ctx, wh, Options{Now: stepClock(), ReliabilityThreshold: threshold}); err != nil {
		t.Fatal(err)
	}
	tuntungan, nT := lfpr(t, map[string]bool{"1275010": true})
	johor, nJ := lfpr(t, map[string]bool{"1275010": false, "1275020": true})
	medan, nM := lfpr(t, map[string]bool{"1275010": true, "1275020": true})
	if math.Abs(medan-(tuntungan+johor)/2) < 0.5 {
		t.Fatalf("fixture cannot tell pooled records from averaged rates (%.3f vs %.3f)", medan, (tuntungan+johor)/2)
	}
	for _, c := range []struct {
		region string
		want   float64
		n      int
	}{{"1275010", tuntungan, nT}, {"1275020", johor, nJ}, {"1275", medan, nM}} {
		var v float64
		var n int
		var reliable bool
		var origin string
		err := wh.DB.QueryRowContext(ctx, `SELECT value, n_unweighted, reliable, origin FROM published.indicator_value
			WHERE region_code = ? AND year = 2023 AND indicator = 'labour_force_participation' AND sex = 'P'`, c.region).
			Scan(&v, &n, &reliable, &origin)
		if err != nil {
			t.Fatalf("%s: %v", c.region, err)
		}
		if math.Abs(v-c.want) > 1e-9 || n != c.n || reliable != (c.n >= threshold) || origin != "microdata" {
			t.Errorf("%s: value %.6f n %d reliable %v origin %s; want %.6f n %d reliable %v microdata",
				c.region, v, n, reliable, origin, c.want, c.n, c.n >= threshold)
		}
	}
	// The fixture has records of Kota Medan only: Sumatera Utara's other 32 kab/kota and the
	// other provinces have none, so neither the province nor Indonesia may be estimated.
	var above int
	if err := wh.DB.QueryRowContext(ctx, `SELECT count(*) FROM published.indicator_value
		WHERE region_code IN ('12', '00') AND origin = 'microdata'`).Scan(&above); err != nil {
		t.Fatal(err)
	}
	if above != 0 {
		t.Errorf("%d microdata estimates for Sumatera Utara or Indonesia from Medan's records alone", above)
	}
}

func TestPublishedAggregateTakesPrecedence(t *testing.T) {
	ctx := context.Background()
	wh, _ := runFixture(t)
	rows, err := wh.DB.QueryContext(ctx, `SELECT origin, value, chosen FROM published.indicator_estimate
		WHERE region_code = '1275' AND year = 2023 AND indicator = 'labour_force_participation' AND sex = 'P'
		ORDER BY origin`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]bool{}
	for rows.Next() {
		var origin string
		var v float64
		var chosen bool
		if err := rows.Scan(&origin, &v, &chosen); err != nil {
			t.Fatal(err)
		}
		got[origin] = chosen
		if origin == "published" && v != 52 {
			t.Errorf("published candidate = %v, want the fixture's 52", v)
		}
	}
	if len(got) != 2 || !got["published"] || got["microdata"] {
		t.Errorf("candidates chosen = %v, want both origins with published chosen", got)
	}
}

// A gap or an index built from a published value and a microdata estimate says so: in the
// fixture, Medan Tuntungan's TPAK of women is loaded from a BPS table while men's is estimated
// from the microdata; its gap has mixed_origin, another kecamatan's (both from microdata) not,
// and an IPG with one input from the microdata is marked and noted.
func TestMixedOriginIsMarked(t *testing.T) {
	ctx := context.Background()
	wh := openWarehouse(t)
	loadFixtureSet(t, wh)
	table := filepath.Join(t.TempDir(), "tpak_p.csv")
	if err := os.WriteFile(table, []byte("region_code,year,indicator,sex,value,source\n1275010,2023,labour_force_participation,P,51.5,BPS Kota Medan\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	loadFixture(t, wh.DB, "indicators", table)
	// Kota Medan's published mean schooling of women left out: its IPG then takes women's mean
	// schooling from the microdata and the rest from the published table.
	if _, err := wh.DB.ExecContext(ctx, `DELETE FROM raw_indicator WHERE region_code = '1275' AND indicator = 'mean_schooling' AND sex = 'P'`); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(ctx, wh, Options{Now: stepClock()}); err != nil {
		t.Fatal(err)
	}
	for region, want := range map[string]bool{"1275010": true, "1275020": false, "1275": false} {
		var mixed bool
		if err := wh.DB.QueryRowContext(ctx, `SELECT mixed_origin FROM published.gender_gap
			WHERE region_code = ? AND year = 2023 AND indicator = 'labour_force_participation'`, region).Scan(&mixed); err != nil {
			t.Fatal(err)
		}
		if mixed != want {
			t.Errorf("TPAK gap of %s: mixed_origin %v, want %v", region, mixed, want)
		}
	}
	var mixed bool
	var note string
	if err := wh.DB.QueryRowContext(ctx, `SELECT mixed_origin, coalesce(note_id, '') FROM published.gender_index
		WHERE region_code = '1275' AND year = 2023 AND index_code = 'ipg'`).Scan(&mixed, &note); err != nil {
		t.Fatalf("Kota Medan's IPG: %v", err)
	}
	if !mixed || !strings.Contains(note, "asal campuran") {
		t.Errorf("Kota Medan's IPG from published and microdata inputs: mixed_origin %v, note %q", mixed, note)
	}
}

// microdataHeader is the header of a microdata file with every column of the contract.
const microdataHeader = "region_code,year,person_id,weight,sex,age,years_schooling,highest_education,labour_force_status,occupation_group,earnings,ever_married,last_birth_in_facility,age_at_first_birth,psu,strata,months_since_last_birth\n"

// TestMissingValuesAreCounted: the records of an indicator's universe that lack a value it
// needs are counted, per region and sex (both sexes for a share), and published with the
// estimate as n_missing; a record saying nothing of a birth is not missing for MTF or MHPK20.
func TestMissingValuesAreCounted(t *testing.T) {
	ctx := context.Background()
	wh := openWarehouse(t)
	loadFixtureSet(t, wh)
	rows := []string{
		"1275010,2023,m-01,100,P,30,12,3,employed,2,1500000,true,true,19,,,10", // complete
		"1275010,2023,m-02,100,P,31,,3,,2,,true,,21,,,",                        // TPAK, RLS; MHPK20 has it, MTF: no birth said
		"1275010,2023,m-03,100,P,32,9,,employed,,,true,false,,,,12",            // SMA+, SE, MHPK20, professional, income
		"1275010,2023,m-04,100,P,33,9,2,employed,3,900000,,true,18,,,6",        // MTF and MHPK20: ever_married empty
		"1275010,2023,m-05,100,P,34,9,2,employed,3,900000,true,true,22,,,",     // MTF: months empty
		"1275010,2023,m-06,100,P,35,9,2,employed,3,900000,false,,,,,",          // never married: outside MTF, MHPK20
		"1275010,2023,m-07,100,L,40,,,,,,false,,,,,",                           // TPAK, RLS, SMA+, SE
		"1275010,2023,m-08,100,L,41,12,4,employed,,2000000,true,,,,,",          // professional share (both sexes)
		"1275010,2023,m-09,100,L,12,,,,,,,,,,,",                                // a child: in no universe
		"1275020,2023,m-10,100,P,20,12,3,,1,,true,true,18,,,3",                 // TPAK, in the other kecamatan
	}
	file := filepath.Join(t.TempDir(), "missing.csv")
	if err := os.WriteFile(file, []byte(microdataHeader+strings.Join(rows, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := wh.DB.ExecContext(ctx, `DELETE FROM raw_microdata`); err != nil {
		t.Fatal(err)
	}
	loadFixture(t, wh.DB, "microdata", file)
	if _, err := Run(ctx, wh, Options{Now: stepClock()}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		region, indicator, sex string
		want                   int
	}{
		{"1275010", "labour_force_participation", "P", 1},
		{"1275010", "labour_force_participation", "L", 1},
		{"1275010", "labour_force_participation", "T", 2},
		{"1275", "labour_force_participation", "T", 3}, // Kota Medan counts both kecamatan
		{"1275010", "mean_schooling", "P", 1},
		{"1275010", "mean_schooling", "T", 2},
		{"1275010", "senior_high_education", "P", 1},
		{"1275010", "secondary_education", "L", 1},
		{"1275010", "birth_outside_facility", "P", 2},
		{"1275010", "first_birth_under_20", "P", 2},
		{"1275010", "professional_share", "P", 2}, // a share: both sexes' records
		{"1275010", "professional_share", "L", 2},
		{"1275010", "earnings_share", "P", 1},
		{"1275010", "population", "T", 0},
	} {
		var n int
		// indicator_estimate: Kota Medan's published figures take precedence in indicator_value
		if err := wh.DB.QueryRowContext(ctx, `SELECT n_missing FROM published.indicator_estimate
			WHERE region_code = ? AND year = 2023 AND indicator = ? AND sex = ? AND origin = 'microdata'`,
			c.region, c.indicator, c.sex).Scan(&n); err != nil {
			t.Errorf("%s %s %s: %v", c.region, c.indicator, c.sex, err)
			continue
		}
		if n != c.want {
			t.Errorf("%s %s %s: n_missing %d, want %d", c.region, c.indicator, c.sex, n, c.want)
		}
	}
	var published int
	if err := wh.DB.QueryRowContext(ctx, `SELECT count(*) FROM published.indicator_value
		WHERE origin = 'published' AND n_missing IS NOT NULL`).Scan(&published); err != nil {
		t.Fatal(err)
	}
	if published != 0 {
		t.Errorf("%d published figures carry a missing-value count", published)
	}
}

// TestIDGTakesTheEarningsShareOnlyWhereNoIncomeShareIsPublished: the survey microdata give
// women's share of weighted earnings as earnings_share, not as BPS's income_share; the IDG
// takes it for its income part only where no income_share is published for the region-year,
// names it in its derivation and says so in its note; a published income_share wins.
func TestIDGTakesTheEarningsShareOnlyWhereNoIncomeShareIsPublished(t *testing.T) {
	ctx := context.Background()
	wh := openWarehouse(t)
	dir := t.TempDir()
	published := "region_code,year,indicator,sex,value,source\n" +
		"1275,2024,parliament_share,P,18,BPS\n1275,2024,parliament_share,L,82,BPS\n" +
		"1275,2024,professional_share,P,47,BPS\n1275,2024,professional_share,L,53,BPS\n" +
		"1275,2024,population,P,1250000,BPS\n1275,2024,population,L,1230000,BPS\n" +
		"1275,2024,expenditure_per_capita,T,16500,BPS\n"
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	loadFixture(t, wh.DB, "indicators", write("idg_inputs.csv", published))
	var micro strings.Builder
	micro.WriteString(microdataHeader)
	for i := range 200 {
		sex, earnings := "L", 3000000+10000*(i%17)
		if i%2 == 0 {
			sex, earnings = "P", 2000000+10000*(i%13)
		}
		micro.WriteString("1275010,2024,e-" + strconv.Itoa(i) + ",100," + sex + ",35,,,employed,," + strconv.Itoa(earnings) + ",,,,,,\n")
	}
	loadFixture(t, wh.DB, "microdata", write("earnings.csv", micro.String()))

	idg := func() (note, indicator string) {
		t.Helper()
		if _, err := Run(ctx, wh, Options{Now: stepClock()}); err != nil {
			t.Fatal(err)
		}
		if err := wh.DB.QueryRowContext(ctx, `SELECT g.note, f.indicator FROM published.gender_index g
			JOIN published.index_input_fact f USING (region_code, year, index_code)
			WHERE g.region_code = '1275' AND g.year = 2024 AND g.index_code = 'idg' AND f.input = 'income_share.P'`).Scan(&note, &indicator); err != nil {
			t.Fatalf("Kota Medan's IDG 2024 and its income input: %v", err)
		}
		return note, indicator
	}
	note, indicator := idg()
	var n int
	if err := wh.DB.QueryRowContext(ctx, `SELECT count(*) FROM published.indicator_value WHERE indicator = 'income_share'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("microdata published as income_share: %d rows (%v)", n, err)
	}
	if indicator != "earnings_share" || !strings.Contains(note, "earnings from survey microdata (earnings_share), not BPS's sumbangan pendapatan") {
		t.Errorf("IDG without a published income share: input from %q, note %q", indicator, note)
	}
	loadFixture(t, wh.DB, "indicators", write("income.csv", "region_code,year,indicator,sex,value,source\n1275,2024,income_share,P,36.5,BPS\n1275,2024,income_share,L,63.5,BPS\n"))
	note, indicator = idg()
	if indicator != "income_share" || !strings.Contains(note, "income share: BPS's sumbangan pendapatan (income_share)") {
		t.Errorf("IDG with a published income share: input from %q, note %q", indicator, note)
	}
}

// A later batch replaces the records of the persons it reports again and adds the rest; a
// region-year only one batch reports is taken as it is; a retracted batch counts for nothing.
func TestLaterBatchReplacesItsPersons(t *testing.T) {
	ctx := context.Background()
	wh := openWarehouse(t)
	dir := t.TempDir()
	write := func(name string, lines ...string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(microdataHeader+strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	person := func(region, id, weight string) string {
		return region + ",2023," + id + "," + weight + ",P,30,,,,,,,,,,,"
	}
	ingestFiles(t, wh,
		write("first.csv", person("1275010", "A", "100"), person("1275010", "B", "200"), person("1275020", "D", "7")),
		write("second.csv", person("1275010", "B", "50"), person("1275010", "C", "10")),
		write("third.csv", person("1275020", "D", "1000")))
	var third int64
	if err := wh.DB.QueryRowContext(ctx, `SELECT max(batch_id) FROM batch`).Scan(&third); err != nil {
		t.Fatal(err)
	}
	if err := warehouse.Retract(ctx, wh.DB, []int64{third}, warehouse.Change{By: "test", At: stepClock()(), Reason: "a wrong weight"}); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(ctx, wh, Options{Now: stepClock()}); err != nil {
		t.Fatal(err)
	}
	for region, want := range map[string]float64{"1275010": 100 + 50 + 10, "1275020": 7, "1275": 167} {
		var got float64
		var n int
		if err := wh.DB.QueryRowContext(ctx, `SELECT value, n_unweighted FROM published.indicator_value
			WHERE region_code = ? AND year = 2023 AND indicator = 'population' AND sex = 'P'`, region).Scan(&got, &n); err != nil {
			t.Fatalf("%s: %v", region, err)
		}
		if got != want {
			t.Errorf("%s: population %v from %d records, want %v", region, got, n, want)
		}
	}
}
