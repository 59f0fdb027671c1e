package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"

	"github.com/setara-pug/setara/data"
)

// region is one region of the generated data set. Leaves carry their own profile and get the
// microdata; parents take their indicators from their children.
type region struct {
	code, name, level, parent string
	pop2020                   float64 // persons in 2020
	dev                       float64 // development score 0 (remote, rural) .. 1 (central, urban)
	seats                     int     // legislature seats; 0 when the region has no legislature
	z                         [nNoise]float64
	children                  []*region
	declare                   bool // written to the regions file (national mode)
}

func (r *region) leaf() bool { return len(r.children) == 0 }

// regionSet is the regions of one data set, sorted by code.
type regionSet struct {
	all    []*region
	byCode map[string]*region
}

func (s *regionSet) add(r *region) {
	s.all = append(s.all, r)
	s.byCode[r.code] = r
}

func (s *regionSet) finish() {
	sort.Slice(s.all, func(i, j int) bool { return s.all[i].code < s.all[j].code })
	for _, r := range s.all {
		if p, ok := s.byCode[r.parent]; ok {
			p.children = append(p.children, r)
		}
	}
}

// surveyed are the regions that get microdata, in code order: the kabupaten/kota and kecamatan
// without children.
func (s *regionSet) surveyed() []*region {
	var out []*region
	for _, r := range s.all {
		if r.leaf() && (r.level == "regency" || r.level == "district") {
			out = append(out, r)
		}
	}
	return out
}

// seatsFor is the size of a regional legislature (DPRD) by population, in the steps of the
// election law; the national DPR has 575 seats.
func seatsFor(level string, pop float64) int {
	switch level {
	case "country":
		return 575
	case "province":
		return seatsStep(provinceSeats, 100, pop)
	case "regency":
		return seatsStep(regencySeats, 50, pop)
	}
	return 0
}

// seatStep is a legislature's size for populations up to upTo.
type seatStep struct {
	upTo  float64
	seats int
}

var (
	provinceSeats = []seatStep{{1e6, 35}, {3e6, 45}, {5e6, 55}, {7e6, 65}, {9e6, 75}, {12e6, 85}}
	regencySeats  = []seatStep{{1e5, 20}, {2e5, 25}, {3e5, 30}, {4e5, 35}, {5e5, 40}, {1e6, 45}}
)

// seatsStep is the seats of the first of steps whose upTo pop does not exceed, or above.
func seatsStep(steps []seatStep, above int, pop float64) int {
	for _, s := range steps {
		if pop <= s.upTo {
			return s.seats
		}
	}
	return above
}

// noiseFor draws a region's fixed deviations from its code, so a region keeps its character
// whatever else is generated.
func noiseFor(seed uint64, code string) [nNoise]float64 {
	rng := rand.New(rand.NewPCG(seed, hashString("noise:"+code)))
	var z [nNoise]float64
	for i := range z {
		z[i] = math.Max(-2.5, math.Min(2.5, rng.NormFloat64()))
	}
	return z
}

// hashString is FNV-1a, used to derive stable random streams from names.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// demoRegions is Indonesia, Sumatera Utara with its 33 kabupaten/kota, and Kota Medan's 21
// kecamatan, all with built-in codes and names.
func demoRegions(seed uint64) (*regionSet, error) {
	builtin, _, err := builtinRegions()
	if err != nil {
		return nil, err
	}
	profiles, err := readEmbedded("profiles.csv")
	if err != nil {
		return nil, err
	}
	set := &regionSet{byCode: map[string]*region{}}
	for _, p := range profiles {
		code := p["region_code"]
		b, ok := builtin[code]
		if !ok {
			return nil, fmt.Errorf("profiles.csv: region %s is not a built-in region", code)
		}
		pop, err1 := strconv.ParseFloat(p["population_2020"], 64)
		dev, err2 := strconv.ParseFloat(p["development"], 64)
		if err := firstErr(err1, err2); err != nil {
			return nil, fmt.Errorf("profiles.csv: region %s: %w", code, err)
		}
		set.add(&region{code: code, name: b["name"], level: b["level"], parent: b["parent_code"],
			pop2020: pop, dev: dev, z: noiseFor(seed, code)})
	}
	for _, code := range []string{"12", data.HomeRegion} {
		b := builtin[code]
		set.add(&region{code: code, name: b["name"], level: b["level"], parent: b["parent_code"], z: noiseFor(seed, code)})
	}
	set.finish()
	// In the demo Indonesia stands alone, with its own profile: Sumatera Utara is not all of it.
	set.byCode["00"].children = nil
	sumPopulation(set.byCode["12"])
	for _, r := range set.all {
		r.seats = seatsFor(r.level, r.pop2020)
	}
	return set, nil
}

// sumPopulation fills the 2020 population and development score of parents from their children.
func sumPopulation(r *region) {
	if r.leaf() {
		return
	}
	r.pop2020, r.dev = 0, 0
	for _, c := range r.children {
		sumPopulation(c)
		r.pop2020 += c.pop2020
		r.dev += c.pop2020 * c.dev
	}
	r.dev /= r.pop2020
}

// nationalRegencies is the number of kabupaten and kota in Indonesia (the sum of provinceRegencies).
const nationalRegencies = 514

// provinceRegencies is the number of kabupaten and kota of each of the 38 provinces (514 in all).
var provinceRegencies = []struct {
	code      string
	kab, kota int
}{
	{"11", 18, 5}, {"12", 25, 8}, {"13", 12, 7}, {"14", 10, 2}, {"15", 9, 2}, {"16", 13, 4},
	{"17", 9, 1}, {"18", 13, 2}, {"19", 6, 1}, {"21", 5, 2}, {"31", 1, 5}, {"32", 18, 9},
	{"33", 29, 6}, {"34", 4, 1}, {"35", 29, 9}, {"36", 4, 4}, {"51", 8, 1}, {"52", 8, 2},
	{"53", 21, 1}, {"61", 12, 2}, {"62", 13, 1}, {"63", 11, 2}, {"64", 7, 3}, {"65", 4, 1},
	{"71", 11, 4}, {"72", 12, 1}, {"73", 21, 3}, {"74", 15, 2}, {"75", 5, 1}, {"76", 6, 0},
	{"81", 9, 2}, {"82", 8, 2}, {"91", 7, 0}, {"92", 5, 1}, {"94", 8, 1}, {"95", 4, 0},
	{"96", 8, 0}, {"97", 8, 0},
}

// nationalRegions is Indonesia, its 38 provinces and 514 kabupaten/kota. Sumatera Utara keeps its
// real codes and names; elsewhere codes are invented in the BPS pattern (kabupaten PP01..,
// kota PP71..) with names like "Kabupaten Sintetis 1101". Populations and development scores
// are synthetic.
// With regencies > 0, each province keeps its first round(count x regencies / 514) kabupaten
// and kota (at least one, at most all).
func nationalRegions(seed uint64, regencies int) (*regionSet, error) {
	builtin, _, err := builtinRegions()
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(seed, hashString("national")))
	set := &regionSet{byCode: map[string]*region{}}
	set.add(&region{code: "00", name: builtin["00"]["name"], level: "country", z: noiseFor(seed, "00")})
	for _, p := range provinceRegencies {
		b, ok := builtin[p.code]
		if !ok {
			return nil, fmt.Errorf("province %s is not a built-in region", p.code)
		}
		set.add(&region{code: p.code, name: b["name"], level: "province", parent: "00", z: noiseFor(seed, p.code)})
		keep := p.kab + p.kota
		if regencies > 0 {
			keep = min(keep, max(1, int(math.Round(float64(keep*regencies)/nationalRegencies))))
		}
		for i := 0; i < keep; i++ {
			kota := i >= p.kab
			var code, name string
			if kota {
				code = p.code + strconv.Itoa(71+i-p.kab)
				name = "Kota Sintetis " + code
			} else {
				code = fmt.Sprintf("%s%02d", p.code, i+1)
				name = "Kabupaten Sintetis " + code
			}
			if b, ok := builtin[code]; ok && b["parent_code"] == p.code {
				name = b["name"]
			}
			pop := math.Exp(math.Log(420000) + 0.75*rng.NormFloat64())
			dev := 0.1 + 0.45*rng.Float64()
			if kota {
				pop = math.Exp(math.Log(330000) + 0.7*rng.NormFloat64())
				dev = 0.55 + 0.4*rng.Float64()
			}
			set.add(&region{code: code, name: name, level: "regency", parent: p.code,
				pop2020: math.Round(pop/1000) * 1000, dev: dev, z: noiseFor(seed, code), declare: true})
		}
	}
	set.finish()
	sumPopulation(set.byCode["00"])
	for _, r := range set.all {
		r.seats = seatsFor(r.level, r.pop2020)
	}
	return set, nil
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
