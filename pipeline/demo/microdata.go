package demo

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"sort"
)

// MicrodataHeader is the microdata input contract's header.
const MicrodataHeader = "region_code,year,person_id,weight,sex,age,years_schooling,highest_education," +
	"labour_force_status,occupation_group,earnings,ever_married,last_birth_in_facility,age_at_first_birth," +
	"psu,strata,months_since_last_birth"

// psuSize is the number of consecutive persons of a region-year that make one primary sampling
// unit (a census block of about five households); each region is its own stratum.
const psuSize = 20

// Age groups 15-19 .. 85-89: relative sizes, roughly Indonesia's population pyramid.
var ageGroupWeights = [15]float64{9.5, 9.3, 9.0, 8.8, 8.7, 8.3, 7.6, 6.7, 5.7, 4.6, 3.4, 2.2, 1.3, 0.7, 0.4}

// Labour force participation relative to the average of persons 15+, by five-year age group.
var lfAgeFactor = [2][15]float64{
	female: {0.35, 1.0, 1.12, 1.18, 1.18, 1.18, 1.18, 1.18, 1.0, 0.8, 0.45, 0.45, 0.45, 0.45, 0.45},
	male:   {0.35, 0.95, 1.17, 1.17, 1.17, 1.17, 1.17, 1.17, 1.1, 0.9, 0.6, 0.6, 0.6, 0.6, 0.6},
}

// Probability of ever having married, by five-year age group.
var marriedByAge = [2][15]float64{
	female: {0.08, 0.45, 0.78, 0.9, 0.94, 0.95, 0.96, 0.96, 0.97, 0.97, 0.97, 0.97, 0.97, 0.97, 0.97},
	male:   {0.01, 0.2, 0.6, 0.85, 0.92, 0.94, 0.95, 0.96, 0.96, 0.97, 0.97, 0.97, 0.97, 0.97, 0.97},
}

// Probability that an ever-married woman has had a live birth, by age group (15-49).
var birthByAge = [7]float64{0.55, 0.72, 0.85, 0.92, 0.94, 0.94, 0.94}

// Monthly earnings (rupiah) of ISCO major groups 0-9 in a mid-developed region in 2018.
var baseEarnings = [10]float64{4.5e6, 6.5e6, 5.0e6, 4.0e6, 3.4e6, 2.2e6, 1.5e6, 2.6e6, 3.0e6, 1.8e6}

// meanYearsNone is the mean years of schooling drawn for persons without a completed level.
const meanYearsNone = 0.6 * 3

// cumulative turns weights into a cumulative distribution ending at 1.
func cumulative(w []float64) []float64 {
	out := make([]float64, len(w))
	var s float64
	for _, x := range w {
		s += x
	}
	var acc float64
	for i, x := range w {
		acc += x / s
		out[i] = acc
	}
	out[len(out)-1] = 1
	return out
}

func pick(cdf []float64, u float64) int {
	for i, c := range cdf {
		if u < c {
			return i
		}
	}
	return len(cdf) - 1
}

// drawer holds everything needed to draw the persons of one region-year.
type drawer struct {
	p          params
	rng        *rand.Rand
	ageCDF     []float64
	lfNorm     [2]float64
	below      []float64    // none, primary, junior secondary
	tertiary   []float64    // diploma, bachelor, master, doctorate
	occNonProf [2][]float64 // over groups 0, 4..9
	occProf    [2][]float64 // over groups 1..3
	earnScale  float64
}

var nonProfGroups = []int{0, 4, 5, 6, 7, 8, 9}

func newDrawer(p params, rng *rand.Rand) *drawer {
	d := p.dev
	dr := &drawer{p: p, rng: rng, ageCDF: cumulative(ageGroupWeights[:])}
	for s := range 2 {
		var sum, tot float64
		for g, w := range ageGroupWeights {
			sum += w * lfAgeFactor[s][g]
			tot += w
		}
		dr.lfNorm[s] = sum / tot
	}
	b := belowShares(d)
	dr.below = cumulative(b[:])
	dr.tertiary = cumulative([]float64{0.25, 0.65, 0.09, 0.01})
	dr.occNonProf[female] = cumulative([]float64{0, 0.06 + 0.06*d, 0.25 + 0.25*d, 0.40*(1-d) + 0.01, 0.08, 0.02, 0.08 + 0.04*d})
	dr.occNonProf[male] = cumulative([]float64{0.01, 0.04 + 0.04*d, 0.15 + 0.15*d, 0.40*(1-d) + 0.02, 0.13 + 0.04*d, 0.12 + 0.06*d, 0.12 + 0.05*d})
	dr.occProf[female] = cumulative([]float64{0.12, 0.68, 0.20})
	dr.occProf[male] = cumulative([]float64{0.30, 0.40, 0.30})
	dr.earnScale = (0.65 + 0.7*d) * math.Pow(1.045, float64(p.year-2018)) * (1 - 0.05*covid(p.year))
	return dr
}

// person is one drawn record; -1 marks an empty field.
type person struct {
	sex            int
	age            int
	years          int
	level          int
	lfStatus       int // 0 employed, 1 unemployed, 2 not in the labour force
	occupation     int
	earnings       int64
	married        bool
	birthFacility  int // -1 empty, 0 false, 1 true
	ageFirstBirth  int
	weightMultiple float64
}

// schoolingYears draws the years of schooling completed at the end of schooling.
func (dr *drawer) schoolingYears(sex, age int) int {
	r := dr.rng
	sma := dr.p.smaPlus[sex]/100 + 0.006*float64(45-age)
	sma = clamp(sma, 0.02, 0.98)
	if r.Float64() < sma {
		if r.Float64() >= tertiaryShare(dr.p.dev) {
			return orSomeMore(r, 0.1, 12, 13)
		}
		return [4]int{15, 16, 18, 21}[pick(dr.tertiary, r.Float64())]
	}
	switch pick(dr.below, r.Float64()) {
	case 0:
		if r.Float64() < 0.4 {
			return 0
		}
		return 1 + r.IntN(5)
	case 1:
		return orSomeMore(r, 0.2, 6, 7)
	default:
		return orSomeMore(r, 0.15, 9, 10)
	}
}

// orSomeMore is years, or with probability p more (from, or from+1) without the next level.
func orSomeMore(r *rand.Rand, p float64, years, from int) int {
	if r.Float64() < p {
		return from + r.IntN(2)
	}
	return years
}

// levelYears are the completed years of schooling that reach levels 1 to 7, in order.
var levelYears = [7]int{6, 9, 12, 15, 16, 18, 21}

// levelOf maps completed years of schooling to the highest level completed (0-7).
func levelOf(years int) int {
	level := 0
	for _, y := range levelYears {
		if years >= y {
			level++
		}
	}
	return level
}

func (dr *drawer) draw(pp *person) {
	r := dr.rng
	p := &dr.p
	*pp = person{occupation: -1, earnings: -1, birthFacility: -1, ageFirstBirth: -1}
	fshare := p.pop[female] / (p.pop[female] + p.pop[male])
	pp.sex = male
	if r.Float64() < fshare {
		pp.sex = female
	}
	g := pick(dr.ageCDF, r.Float64())
	pp.age = 15 + 5*g + r.IntN(5)

	pp.years = dr.schoolingYears(pp.sex, pp.age)
	if pp.years > pp.age-6 {
		pp.years = pp.age - 6
	}
	pp.level = levelOf(pp.years)

	pLF := clamp(p.lfpr[pp.sex]/100*lfAgeFactor[pp.sex][g]/dr.lfNorm[pp.sex], 0, 0.97)
	pp.lfStatus = 2
	if r.Float64() < pLF {
		u := p.unemployment[pp.sex]
		if pp.age < 25 {
			u *= 2.2
		} else {
			u *= 0.8
		}
		pp.lfStatus = 0
		if r.Float64() < u {
			pp.lfStatus = 1
		}
	}
	if pp.lfStatus == 0 {
		dr.occupationAndEarnings(pp)
	}

	pp.married = r.Float64() < marriedByAge[pp.sex][g]
	if pp.sex == female && pp.married && pp.age <= 49 && r.Float64() < birthByAge[g] {
		dr.births(pp)
	}
	pp.weightMultiple = 0.75 + 0.5*r.Float64()
}

func (dr *drawer) occupationAndEarnings(pp *person) {
	r := dr.rng
	profChance := [2]float64{female: 0.05, male: 0.03}[pp.sex]
	if pp.years >= 15 {
		profChance = [2]float64{female: 0.8, male: 0.5}[pp.sex]
	}
	if r.Float64() < profChance {
		pp.occupation = 1 + pick(dr.occProf[pp.sex], r.Float64())
	} else {
		pp.occupation = nonProfGroups[pick(dr.occNonProf[pp.sex], r.Float64())]
	}
	// Unpaid family workers, mostly women in agriculture, earn nothing.
	if pp.occupation == 6 && r.Float64() < [2]float64{female: 0.35, male: 0.08}[pp.sex] {
		pp.earnings = 0
		return
	}
	e := baseEarnings[pp.occupation] * dr.earnScale * math.Exp(0.5*r.NormFloat64()) * (1 + 0.03*float64(pp.years-9))
	if pp.sex == female {
		e *= 0.80
	}
	pp.earnings = int64(math.Round(max(e, 100000)/1000)) * 1000
}

func (dr *drawer) births(pp *person) {
	r := dr.rng
	p := &dr.p
	if pp.age < 20 {
		pp.ageFirstBirth = 15 + r.IntN(pp.age-14)
	} else if r.Float64() < p.mhpk20*0.85 {
		pp.ageFirstBirth = 15 + r.IntN(5)
	} else {
		a := 20 + int(r.ExpFloat64()*(3+3*p.dev))
		pp.ageFirstBirth = min(a, pp.age, 44)
	}
	outside := p.mtf
	if pp.years < 9 {
		outside *= 1.5
	} else {
		outside *= 0.8
	}
	if pp.age >= 40 {
		outside *= 1.3
	}
	pp.birthFacility = 1
	if r.Float64() < outside {
		pp.birthFacility = 0
	}
}

var lfStatusNames = [3]string{"employed", "unemployed", "not_in_labour_force"}

// appendPerson appends one CSV line of microdata: the person of PSU psu of region code. The
// months since a last birth are spread over 0-35 from the id, without a draw, so the random
// stream (and every other field) stays as it was before the column existed.
func appendPerson(b []byte, code []byte, year []byte, id int64, psu int, weight float64, pp *person) []byte {
	b = append(b, code...)
	b = append(b, ',')
	b = append(b, year...)
	b = append(b, ',')
	b = appendInt(b, id)
	b = append(b, ',')
	b = appendFloat(b, weight, 2)
	if pp.sex == female {
		b = append(b, ",P,"...)
	} else {
		b = append(b, ",L,"...)
	}
	b = appendInt(b, int64(pp.age))
	b = append(b, ',')
	b = appendInt(b, int64(pp.years))
	b = append(b, ',')
	b = appendInt(b, int64(pp.level))
	b = append(b, ',')
	b = append(b, lfStatusNames[pp.lfStatus]...)
	b = append(b, ',')
	if pp.occupation >= 0 {
		b = appendInt(b, int64(pp.occupation))
	}
	b = append(b, ',')
	if pp.earnings >= 0 {
		b = appendInt(b, pp.earnings)
	}
	if pp.married {
		b = append(b, ",true,"...)
	} else {
		b = append(b, ",false,"...)
	}
	switch pp.birthFacility {
	case 0:
		b = append(b, "false"...)
	case 1:
		b = append(b, "true"...)
	}
	b = append(b, ',')
	if pp.ageFirstBirth >= 0 {
		b = appendInt(b, int64(pp.ageFirstBirth))
	}
	b = append(b, ',')
	b = appendInt(b, int64(psu))
	b = append(b, ',')
	b = append(b, code...)
	b = append(b, ',')
	if pp.birthFacility >= 0 {
		b = appendInt(b, id*7%36)
	}
	return append(b, '\n')
}

// allocate splits total over items in proportion to weights, by largest remainder so the
// counts add up exactly; ties go to the earlier item.
func allocate(total int, weights []float64) []int {
	out := make([]int, len(weights))
	if total <= 0 || len(weights) == 0 {
		return out
	}
	var sum float64
	for _, w := range weights {
		sum += w
	}
	type rem struct {
		i int
		f float64
	}
	rems := make([]rem, len(weights))
	given := 0
	for i, w := range weights {
		exact := float64(total) * w / sum
		out[i] = int(exact)
		given += out[i]
		rems[i] = rem{i, exact - float64(out[i])}
	}
	sort.SliceStable(rems, func(a, b int) bool { return rems[a].f > rems[b].f })
	for k := 0; given < total; k++ {
		out[rems[k%len(rems)].i]++
		given++
	}
	return out
}

// pop15Share is the share of the population aged 15 or more.
func pop15Share(dev float64) float64 { return 0.66 + 0.06*dev }

// yearParams are the expected values of every region in one year.
type yearParams struct {
	year int
	by   map[string]params
}

func streamMicrodata(ctx context.Context, w io.Writer, opts Options, set *regionSet, years []yearParams) error {
	if _, err := io.WriteString(w, MicrodataHeader+"\n"); err != nil {
		return err
	}
	regions := set.surveyed()
	var sizes []float64
	for _, y := range years {
		for _, r := range regions {
			p := y.by[r.code]
			sizes = append(sizes, (p.pop[female]+p.pop[male])*pop15Share(p.dev))
		}
	}
	// Samples grow with the square root of the population 15+: small regions get relatively
	// larger samples, as in BPS surveys.
	sqrtSizes := make([]float64, len(sizes))
	for i, s := range sizes {
		sqrtSizes[i] = math.Sqrt(s)
	}
	counts := allocate(opts.Persons, sqrtSizes)
	var id int64
	buf := make([]byte, 0, 64<<10)
	var pp person
	k := 0
	for _, y := range years {
		yearBytes := appendInt(nil, int64(y.year))
		for _, r := range regions {
			n := counts[k]
			size := sizes[k]
			k++
			if n == 0 {
				continue
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			rng := rand.New(rand.NewPCG(opts.Seed, hashString("persons:"+r.code)^uint64(y.year)*0x9E3779B97F4A7C15))
			dr := newDrawer(y.by[r.code], rng)
			code := []byte(r.code)
			base := size / float64(n)
			for i := 0; i < n; i++ {
				dr.draw(&pp)
				id++
				buf = appendPerson(buf, code, yearBytes, id, 1+i/psuSize, base*pp.weightMultiple, &pp)
				if len(buf) > 60<<10 {
					if _, err := w.Write(buf); err != nil {
						return fmt.Errorf("write: %w", err)
					}
					buf = buf[:0]
					if err := ctx.Err(); err != nil {
						return err
					}
				}
			}
		}
	}
	_, err := w.Write(buf)
	return err
}
