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
