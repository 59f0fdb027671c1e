package stages

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestJakartaIKGWithEveryBirthInFacility: BPS publishes DKI Jakarta 2024 with MTF 0.000 and
// IKG 0.147. Without a floor the health term is infinite and IKG is 1; the floor of
// data/constants.csv reproduces the published figure and the note says the input was floored.
func TestJakartaIKGWithEveryBirthInFacility(t *testing.T) {
	ctx := context.Background()
	wh := openWarehouse(t)
	ingestFiles(t, wh, filepath.Join("testdata", "dki_ikg_2024.csv"))
	if _, err := Run(ctx, wh, Options{Now: stepClock()}); err != nil {
		t.Fatal(err)
	}
	var v float64
	var note string
	err := wh.DB.QueryRowContext(ctx, `SELECT value, note FROM published.gender_index
		WHERE region_code = '31' AND year = 2024 AND index_code = 'ikg'`).Scan(&v, &note)
	if err != nil {
		t.Fatal(err)
	}
	if math.Round(v*1000)/1000 != 0.147 {
		t.Errorf("DKI Jakarta IKG 2024 = %.6f, BPS published 0.147", v)
	}
	if want := "birth_outside_facility.P"; !strings.Contains(note, want) {
		t.Errorf("note %q does not name the floored input %s", note, want)
	}
	var floored, health float64
	err = wh.DB.QueryRowContext(ctx, `SELECT
		max(value) FILTER (WHERE term = 'mtf_floored'), max(value) FILTER (WHERE term = 'health_f')
		FROM published.index_term WHERE region_code = '31' AND year = 2024 AND index_code = 'ikg'`).Scan(&floored, &health)
	if err != nil {
		t.Fatal(err)
	}
	var floor float64
	if err := wh.DB.QueryRowContext(ctx, `SELECT value FROM ref_constant WHERE name = 'ikg_mtf_floor'`).Scan(&floor); err != nil {
		t.Fatal(err)
	}
	if floored != floor || math.IsInf(health, 0) || health <= 0 {
		t.Errorf("terms: mtf_floored %v (floor %v), health_f %v", floored, floor, health)
	}

	// Every input names the file and the line it was read from (the file's data starts on
	// line 2, one fact a line, in the order of the file).
	rows, err := wh.DB.QueryContext(ctx, `SELECT input, file, line, batch_id FROM published.index_input_fact
		WHERE region_code = '31' AND year = 2024 AND index_code = 'ikg' ORDER BY ordinal`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	wantLine := map[string]int{"birth_outside_facility.P": 2, "first_birth_under_20.P": 3, "parliament_share.L": 4,
		"parliament_share.P": 5, "senior_high_education.L": 6, "senior_high_education.P": 7,
		"labour_force_participation.L": 8, "labour_force_participation.P": 9}
	n := 0
	for rows.Next() {
		var input, file string
		var line int
		var batch int64
		if err := rows.Scan(&input, &file, &line, &batch); err != nil {
			t.Fatal(err)
		}
		if file != "dki_ikg_2024.csv" || line != wantLine[input] || batch != 1 {
			t.Errorf("%s: %s line %d batch %d, want dki_ikg_2024.csv line %d batch 1", input, file, line, batch, wantLine[input])
		}
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != len(wantLine) {
		t.Errorf("index_input_fact has %d inputs of ikg, want %d", n, len(wantLine))
	}
}

type checkRow struct {
	computed  *float64
	published float64
	precision int
	agrees    *bool
	source    string
}

// TestIndexCheckConfirmsPublished: the published IKG of Sumatera Utara 2022 and 2023 and of
// DKI Jakarta 2024 agree with the computed ones at 3 decimals; Kota Medan 2023 has a published
// value and no components (computed NULL, agrees NULL); a mistyped value is flagged.
func TestIndexCheckConfirmsPublished(t *testing.T) {
	ctx := context.Background()
	wh := openWarehouse(t)
	ingestFiles(t, wh, filepath.Join("testdata", "sumut_ikg.csv"), filepath.Join("testdata", "dki_ikg_2024.csv"),
		filepath.Join("testdata", "published_ikg.csv"))
	if _, err := Run(ctx, wh, Options{Now: stepClock()}); err != nil {
		t.Fatal(err)
	}
	read := func() map[string]checkRow {
		t.Helper()
		rows, err := wh.DB.QueryContext(ctx, `SELECT region_code || '/' || year || '/' || index_code,
			computed, published, precision, agrees, source FROM published.index_check`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]checkRow{}
		for rows.Next() {
			var key string
			var r checkRow
			if err := rows.Scan(&key, &r.computed, &r.published, &r.precision, &r.agrees, &r.source); err != nil {
				t.Fatal(err)
			}
			out[key] = r
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	got := read()
	for _, key := range []string{"12/2022/ikg", "12/2023/ikg", "31/2024/ikg"} {
		r, ok := got[key]
		switch {
		case !ok:
			t.Errorf("%s: not in index_check", key)
		case r.computed == nil || r.agrees == nil || !*r.agrees:
			t.Errorf("%s: computed %v, published %v, agrees %v; want agreement", key, r.computed, r.published, r.agrees)
		case r.precision != 3:
			t.Errorf("%s: precision %d, want 3", key, r.precision)
		}
	}
	if r := got["1275/2023/ikg"]; r.computed != nil || r.agrees != nil || r.published != 0.232 {
		t.Errorf("Kota Medan 2023 (no components): %+v, want the published value alone", r)
	}
	if len(got) != 4 {
		t.Errorf("index_check has %d rows, want 4", len(got))
	}

	// A mistyped published value (0.452 for 0.442) is flagged, at the published precision.
	mistyped := filepath.Join(t.TempDir(), "mistyped.csv")
	body := "region_code,year,indicator,sex,value,source\n12,2022,ikg,T,0.452,BPS (mistyped)\n"
	if err := os.WriteFile(mistyped, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	ingestFiles(t, wh, mistyped)
	if _, err := Run(ctx, wh, Options{Now: stepClock()}); err != nil {
		t.Fatal(err)
	}
	r := read()["12/2022/ikg"]
	if r.agrees == nil || *r.agrees || r.published != 0.452 || r.source != "BPS (mistyped)" {
		t.Errorf("mistyped value: %+v agrees %v, want flagged", r, r.agrees)
	}
}
