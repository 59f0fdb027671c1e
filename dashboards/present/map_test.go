package present

import (
	"bytes"
	"encoding/csv"
	"math"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/setara-pug/setara/data"
)

// TestMapsMatchRegions: the boundary files draw exactly the children of their parent in
// data/regions.csv (Kota Medan's 21 kecamatan, Sumatera Utara's 33 kab/kota), by BPS code,
// and only Danau Toba is water.
func TestMapsMatchRegions(t *testing.T) {
	maps, err := LoadMaps()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := data.Reference.ReadFile("regions.csv")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	children := map[string][]string{}
	for _, rec := range recs[1:] {
		children[rec[3]] = append(children[rec[3]], rec[0])
	}
	for parent, want := range map[string]int{"1275": 21, "12": 33} {
		b, ok := maps[parent]
		if !ok {
			t.Fatalf("no map for %s", parent)
		}
		var got, water []string
		for _, sh := range b.Shapes {
			if sh.Water {
				water = append(water, sh.Code)
				continue
			}
			got = append(got, sh.Code)
			if sh.Path == "" || !strings.HasPrefix(sh.Path, "M") {
				t.Errorf("%s: empty outline", sh.Code)
			}
		}
		sort.Strings(got)
		exp := append([]string(nil), children[parent]...)
		sort.Strings(exp)
		if len(got) != want || strings.Join(got, ",") != strings.Join(exp, ",") {
			t.Errorf("map of %s draws %d regions %v, want the %d children of regions.csv %v", parent, len(got), got, want, exp)
		}
		if wantWater := map[string]string{"12": "1288"}[parent]; strings.Join(water, ",") != wantWater {
			t.Errorf("map of %s: water %v, want %q", parent, water, wantWater)
		}
	}
}

var pathRe = regexp.MustCompile(`<path class="region ([a-z0-9]+)" data-region="(\d+)"[^>]*><title>([^<]*)</title>`)

// TestChoropleth: the lowest value is shaded (lightest class), a region without a value is
// hatched "tidak ada data", water is not a region, the legend has the breaks, the unit, the
// no-data entry, the lake and the attribution.
func TestChoropleth(t *testing.T) {
	b, err := ParseBoundaries("test.geojson", []byte(`{"type":"FeatureCollection","features":[
	 {"type":"Feature","properties":{"kode_bps":"01","kecamatan":"Satu"},"geometry":{"type":"Polygon","coordinates":[[[98,3],[98.1,3],[98.1,3.1],[98,3.1],[98,3]]]}},
	 {"type":"Feature","properties":{"kode_bps":"02","kecamatan":"Dua"},"geometry":{"type":"Polygon","coordinates":[[[98.1,3],[98.2,3],[98.2,3.1],[98.1,3.1],[98.1,3]]]}},
	 {"type":"Feature","properties":{"kode_bps":"03","kecamatan":"Tiga"},"geometry":{"type":"MultiPolygon","coordinates":[[[[98.2,3],[98.3,3],[98.3,3.1],[98.2,3.1],[98.2,3]]]]}},
	 {"type":"Feature","properties":{"kode_bps":"88","kabkota":"Danau","jenis":"perairan"},"geometry":{"type":"Polygon","coordinates":[[[98,3.1],[98.3,3.1],[98.3,3.2],[98,3.2],[98,3.1]]]}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if b.Height < 395 || b.Height > 410 {
		t.Errorf("height %d: a 0.3° by 0.2° area at 3° N should be about two thirds of %d wide", b.Height, MapWidth)
	}
	c := NewChoropleth(ID, b, MapSpec{ID: "m", Title: "Peta", Unit: "persen",
		Values: map[string]MapValue{"01": {0.5, "0,5"}, "02": {80, "80,0"}, "03": {math.NaN(), "–"}},
		Names:  map[string]string{"02": "Dua Baru"}, Format: func(v float64) string { return ID.Num(v, 1) }})
	svg := string(c.SVG())
	got := map[string][2]string{}
	for _, m := range pathRe.FindAllStringSubmatch(svg, -1) {
		got[m[2]] = [2]string{m[1], m[3]}
	}
	want := map[string][2]string{"01": {"q0", "Satu: 0,5"}, "02": {"q4", "Dua Baru: 80,0"}, "03": {"nodata", "Tiga: tidak ada data"}}
	for code, w := range want {
		if got[code] != w {
			t.Errorf("region %s: class and title %v, want %v", code, got[code], w)
		}
	}
	if len(got) != 3 || !strings.Contains(svg, `class="water" data-water="88"`) {
		t.Errorf("want three regions and the lake as water:\n%s", svg)
	}
	if !strings.Contains(svg, `data-region="03" d="M`) || !strings.Contains(svg, `fill="url(#m-nodata)"`) {
		t.Error("the region without data is not hatched")
	}
	for _, w := range []string{"persen:", ">0,5 – 40,2<", ">40,2 – 80,0<", ">tidak ada data<", ">Danau<", "Sumber batas: BPS 2020 via OCHA HDX COD-AB (CC BY-IGO)"} {
		if !strings.Contains(svg, w) {
			t.Errorf("legend lacks %q", w)
		}
	}
	if _, err := ParseBoundaries("bad.geojson", []byte(`{"features":[{"properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}]}`)); err == nil ||
		!strings.Contains(err.Error(), "bad.geojson: feature 1") {
		t.Errorf("a point feature: err %v, want one naming the file and feature", err)
	}
}

// BenchmarkLoadMaps parses and projects both embedded boundary files (the web handler does it
// once at start, the report once per build).
func BenchmarkLoadMaps(b *testing.B) {
	for b.Loop() {
		if _, err := LoadMaps(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkChoroplethSumut lays out and renders the 33 kab/kota map.
func BenchmarkChoroplethSumut(b *testing.B) {
	maps, err := LoadMaps()
	if err != nil {
		b.Fatal(err)
	}
	values := map[string]MapValue{}
	for i, sh := range maps["12"].Shapes {
		values[sh.Code] = MapValue{Value: float64(i), Text: ID.Num(float64(i), 0)}
	}
	spec := MapSpec{ID: "m", Values: values, Format: func(v float64) string { return ID.Num(v, 0) }}
	var n int
	for b.Loop() {
		n = len(NewChoropleth(ID, maps["12"], spec).SVG())
	}
	b.ReportMetric(float64(n), "svg-bytes")
}
