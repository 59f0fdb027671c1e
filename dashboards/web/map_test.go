package web

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

var chipRe = regexp.MustCompile(`<li><a href="(/wilayah\?[^"]*)"`)

// TestRegionMapEveryMeasure follows every index and indicator link the Wilayah page offers,
// for Kota Medan and Sumatera Utara in both languages: each draws the map of all the parent's
// children (21 kecamatan, 33 kab/kota) with the attribution, and the children with a value
// are shaded, not hatched.
func TestRegionMapEveryMeasure(t *testing.T) {
	h := NewHandler(fixtureStore(t, fixtureOptions{}), Options{Now: fixedNow, Logger: testLogger(t)})
	for _, tc := range []struct {
		region string
		n      int
		shaded string // a child with IPG 2023 in the fixture
	}{{"1275", 21, "1275090"}, {"12", 33, "1275"}} {
		for _, lang := range []string{"id", "en"} {
			code, body, _ := get(t, h, "/wilayah?region="+tc.region+"&lang="+lang)
			if code != http.StatusOK {
				t.Fatalf("%s %s: status %d", tc.region, lang, code)
			}
			if !regexp.MustCompile(`<path class="region q\d" data-region="` + tc.shaded + `"`).MatchString(body) {
				t.Errorf("%s %s: %s has an IPG but is not shaded", tc.region, lang, tc.shaded)
			}
			links := chipRe.FindAllStringSubmatch(body, -1)
			if len(links) < 6 {
				t.Fatalf("%s %s: only %d measure links", tc.region, lang, len(links))
			}
			for _, m := range links {
				url := html.UnescapeString(m[1])
				code, page, _ := get(t, h, url)
				if code != http.StatusOK {
					t.Errorf("%s: status %d", url, code)
					continue
				}
				if got := strings.Count(page, `data-region="`); got != tc.n {
					t.Errorf("%s: %d region paths, want %d", url, got, tc.n)
				}
				attribution := map[string]string{"id": "Sumber batas: BPS 2020", "en": "Boundaries: BPS 2020"}[lang]
				if !strings.Contains(page, attribution) {
					t.Errorf("%s: no attribution", url)
				}
			}
		}
	}
}
