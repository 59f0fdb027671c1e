package stages

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/setara-pug/setara/pipeline/internal/csvtest"
)

// undpRow is one reference row: inputs by column name and the published results.
type undpRow map[string]string

func readUNDP(t *testing.T) []undpRow {
	t.Helper()
	recs := csvtest.Records(t, filepath.Join("testdata", "undp_hdr_components.csv"))
	var rows []undpRow
	for _, rec := range recs[1:] {
		r := undpRow{}
		for i, h := range recs[0] {
			r[h] = rec[i]
		}
		rows = append(rows, r)
	}
	return rows
}

// writeUNDPInputs writes the reference rows as a regions file declaring the ISO3 codes and an
// indicators file in the input contract.
func writeUNDPInputs(t *testing.T, rows []undpRow) (regions, indicators string) {
	t.Helper()
	dir := t.TempDir()
	var reg, ind strings.Builder
	reg.WriteString("region_code,name,level,parent_code\n")
	ind.WriteString("region_code,year,indicator,sex,value,source\n")
	declared := map[string]bool{}
	inputs := []struct{ column, indicator, sex string }{
		{"le_f", "life_expectancy", "P"}, {"le_m", "life_expectancy", "L"},
		{"eys_f", "expected_schooling", "P"}, {"eys_m", "expected_schooling", "L"},
		{"mys_f", "mean_schooling", "P"}, {"mys_m", "mean_schooling", "L"},
		{"gni_pc_f", "gni_per_capita", "P"}, {"gni_pc_m", "gni_per_capita", "L"},
		{"mmr", "maternal_mortality", "T"}, {"abr", "adolescent_birth", "P"},
		{"pr_f", "parliament_share", "P"}, {"pr_m", "parliament_share", "L"},
		{"se_f", "secondary_education", "P"}, {"se_m", "secondary_education", "L"},
		{"lfpr_f", "labour_force_participation", "P"}, {"lfpr_m", "labour_force_participation", "L"},
	}
	for _, r := range rows {
		if !declared[r["iso3"]] {
			declared[r["iso3"]] = true
			fmt.Fprintf(&reg, "%s,%q,country,\n", r["iso3"], r["country"])
		}
		zeroSeats := r["pr_f"] == "0.01"
		for _, in := range inputs {
			v := r[in.column]
			// The reference file stores a zero female seat share as 0.01; write the real shares
			// (0 and 100) so the stages' floor is what restores 0.01.
			if zeroSeats && in.column == "pr_f" {
				v = "0"
			}
			if zeroSeats && in.column == "pr_m" {
				v = "100"
			}
			fmt.Fprintf(&ind, "%s,%s,%s,%s,%s,UNDP HDR 2023/2024\n", r["iso3"], r["year"], in.indicator, in.sex, v)
		}
	}
	regions = filepath.Join(dir, "undp_regions.csv")
	indicators = filepath.Join(dir, "undp_indicators.csv")
	if err := os.WriteFile(regions, []byte(reg.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(indicators, []byte(ind.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return regions, indicators
}

func TestUNDPReferenceReproduced(t *testing.T) {
	ctx := context.Background()
	rows := readUNDP(t)
	if len(rows) != 49 {
		t.Fatalf("reference rows = %d, want 49", len(rows))
	}
	wh := openWarehouse(t)
	regions, indicators := writeUNDPInputs(t, rows)
	ingestFiles(t, wh, regions, indicators)
	if _, err := Run(ctx, wh, Options{Now: stepClock()}); err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	q, err := wh.DB.QueryContext(ctx, `SELECT region_code, year, index_code, value FROM published.gender_index`)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	for q.Next() {
		var region, index string
		var year int
		var v float64
		if err := q.Scan(&region, &year, &index, &v); err != nil {
			t.Fatal(err)
		}
		got[fmt.Sprintf("%s/%d/%s", region, year, index)] = v
	}
	if err := q.Err(); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		for _, c := range []struct {
			index string
			tol   float64 // 0: compare rounded to 3 decimals
		}{{"gdi", 0}, {"gii", 0}, {"hdi_f", 1e-6}, {"hdi_m", 1e-6}} {
			key := fmt.Sprintf("%s/%s/%s", r["iso3"], r["year"], c.index)
			want, err := strconv.ParseFloat(r[c.index], 64)
			if err != nil {
				t.Fatal(err)
			}
			v, ok := got[key]
			switch {
			case !ok:
				t.Errorf("%s (%s): not computed", key, r["country"])
			case c.tol == 0 && math.Round(v*1000)/1000 != want:
				t.Errorf("%s (%s) = %.6f, rounds to %.3f, published %.3f", key, r["country"], v, math.Round(v*1000)/1000, want)
			case c.tol > 0 && math.Abs(v-want) > c.tol:
				t.Errorf("%s (%s) = %.9f, published %.9f", key, r["country"], v, want)
			}
		}
	}
}

func TestSumateraUtaraIKGReproduced(t *testing.T) {
	ctx := context.Background()
	wh := openWarehouse(t)
	ingestFiles(t, wh, filepath.Join("testdata", "sumut_ikg.csv"))
	if _, err := Run(ctx, wh, Options{Now: stepClock()}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		year int
		want float64 // BPS published IKG, 3 decimals
	}{{2022, 0.442}, {2023, 0.425}} {
		var v float64
		err := wh.DB.QueryRowContext(ctx, `SELECT value FROM published.gender_index
			WHERE region_code = '12' AND year = ? AND index_code = 'ikg'`, c.year).Scan(&v)
		if err != nil {
			t.Fatalf("ikg %d: %v", c.year, err)
		}
		if math.Round(v*1000)/1000 != c.want {
			t.Errorf("Sumatera Utara IKG %d = %.6f, BPS published %.3f", c.year, v, c.want)
		}
	}
}
