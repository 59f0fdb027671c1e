package demo

import (
	"math"
	"math/rand/v2"
)

// Sex indices of the per-sex arrays.
const (
	female = 0
	male   = 1
)

// Indices of a region's fixed deviations (standard normal, clipped to ±2.5).
const (
	zSMA = iota
	zSMAGap
	zHLS
	zHLSGap
	zUHH
	zUHHGap
	zExpend
	zExpendGap
	zLFPRMale
	zLFPRFemale
	zMTF
	zMHPK20
	zProf
	zIncome
	zMMR
	zABR
	zFemaleShare
	zGrowth
	zParliament
	nNoise
)

// params are the expected values of one region-year: the synthetic "published" indicators are
// these values, and the microdata are drawn from them.
type params struct {
	year          int
	dev           float64
	pop           [2]float64 // persons by sex
	lifeExp       [2]float64 // years
	expSchool     [2]float64 // years
	meanSchool    [2]float64 // years, 25+
	expend        [2]float64 // thousand rupiah per year
	smaPlus       [2]float64 // %, 25+
	someSecondary [2]float64 // %, 25+
	lfpr          [2]float64 // %, 15+
	unemployment  [2]float64 // fraction of the labour force
	parliament    [2]float64 // % of seats; zero when the region has no legislature
	mtf, mhpk20   float64    // proportions
	profShare     float64    // women's % among managers, professionals, technicians
	incomeShare   float64    // women's % of earned income
	mmr, abr      float64
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

// covid is how hard the year was hit by the pandemic (0 none, 1 full).
func covid(year int) float64 {
	switch year {
	case 2020:
		return 1
	case 2021:
		return 0.5
	}
	return 0
}

// tertiaryShare is the share with a diploma or more among those with senior high or more.
func tertiaryShare(dev float64) float64 { return 0.20 + 0.16*dev }

// Education below senior high: shares of none, primary, junior secondary.
func belowShares(dev float64) [3]float64 {
	none := 0.16 - 0.12*dev
	smp := 0.38 + 0.12*dev
	return [3]float64{none, 1 - none - smp, smp}
}

// meanYears is the expected years of schooling of the education model of draw.go for a given
// share with senior high or more, so published mean schooling agrees with the microdata.
func meanYears(sma, dev float64) float64 {
	b := belowShares(dev)
	below := b[0]*meanYearsNone + b[1]*(6+0.2*1.5) + b[2]*(9+0.15*1.5)
	t := tertiaryShare(dev)
	tert := 0.25*15 + 0.65*16 + 0.09*18 + 0.01*21
	above := (1-t)*(12+0.1*1.5) + t*tert
	return below + sma*(above-below)
}

// leafParams are the expected values of a region with its own profile in a year.
func leafParams(r *region, year int) params {
	d, z := r.dev, r.z
	t := float64(year - 2018)
	c := covid(year)
	p := params{year: year, dev: d}

	total := r.pop2020 * math.Pow(1+0.011+0.003*z[zGrowth], float64(year-2020))
	fshare := 0.497 + 0.006*d + 0.003*z[zFemaleShare]
	p.pop = [2]float64{math.Round(total * fshare), math.Round(total * (1 - fshare))}

	p.smaPlus[male] = clamp(25+52*d+4*z[zSMA]+0.6*t, 5, 95)
	p.smaPlus[female] = clamp(p.smaPlus[male]-(4+3*(1-d)+z[zSMAGap])+0.25*t, 3, 95)
	for s := range 2 {
		p.meanSchool[s] = meanYears(p.smaPlus[s]/100, d)
		p.someSecondary[s] = clamp(p.smaPlus[s]+12+8*(1-d), 5, 99)
	}
	p.expSchool[male] = 12.2 + 2.4*d + 0.4*z[zHLS] + 0.06*t
	p.expSchool[female] = p.expSchool[male] + 0.15 + 0.2*z[zHLSGap]

	p.lifeExp[male] = 64.5 + 8*d + 1.2*z[zUHH] + 0.12*t - 0.3*c
	p.lifeExp[female] = p.lifeExp[male] + 3.9 + 0.3*z[zUHHGap]

	p.expend[male] = (9500 + 9000*d) * (1 + 0.06*z[zExpend]) * math.Pow(1.025, t) * (1 - 0.03*c)
	p.expend[female] = p.expend[male] * (0.50 + 0.10*d + 0.02*z[zExpendGap])

	p.lfpr[male] = clamp(84.5-3*d+1.5*z[zLFPRMale]-1.2*c+0.1*t, 60, 95)
	p.lfpr[female] = clamp(60-9*d+4*z[zLFPRFemale]+0.5*t-2*c, 30, 80)
	p.unemployment[male] = 0.03 + 0.06*d + 0.02*c
	p.unemployment[female] = 0.9 * p.unemployment[male]

	p.mtf = clamp(0.6*math.Pow(1-d, 2)+0.005+0.02*z[zMTF], 0.004, 0.9) * math.Pow(0.93, t)
	p.mhpk20 = clamp(0.24-0.14*d+0.02*z[zMHPK20], 0.03, 0.5) * math.Pow(0.985, t)
	p.profShare = clamp(47+3*d+4*z[zProf], 30, 65)
	p.incomeShare = clamp(28+10*d+2*z[zIncome]+0.2*t, 15, 48)
	p.mmr = clamp(320-220*d+30*z[zMMR], 20, 900)
	p.abr = clamp(45-28*d+4*z[zABR], 5, 120)
	return p
}

// parliamentShare draws the share of women in a region's legislature for the term that sits in
// year (elections in 2014, 2019 and 2024): the same seats for every year of a term.
func parliamentShare(seed uint64, r *region, year int) float64 {
	if r.seats == 0 {
		return 0
	}
	term := 0
	switch {
	case year >= 2024:
		term = 2
	case year >= 2019:
		term = 1
	}
	rng := rand.New(rand.NewPCG(seed, hashString("seats:"+r.code)+uint64(term)))
	p := clamp(0.08+0.14*r.dev+0.02*float64(term)+0.02*r.z[zParliament], 0.03, 0.45)
	women := 0
	for range r.seats {
		if rng.Float64() < p {
			women++
		}
	}
	women = max(women, 1)
	return 100 * float64(women) / float64(r.seats)
}

// paramsFor computes the expected values of every region in a year: leaves from their profile,
// parents as population-weighted means of their children (never of their children's indices).
func paramsFor(seed uint64, set *regionSet, year int) map[string]params {
	out := make(map[string]params, len(set.all))
	var visit func(r *region) params
	visit = func(r *region) params {
		if p, ok := out[r.code]; ok {
			return p
		}
		var p params
		if r.leaf() {
			p = leafParams(r, year)
		} else {
			p = aggregate(r, year, visit)
		}
		if r.seats > 0 {
			p.parliament[female] = parliamentShare(seed, r, year)
			p.parliament[male] = 100 - p.parliament[female]
		}
		out[r.code] = p
		return p
	}
	for _, r := range set.all {
		visit(r)
	}
	return out
}

func aggregate(r *region, year int, visit func(*region) params) params {
	p := params{year: year, dev: r.dev}
	var w, wf, wm float64
	for _, c := range r.children {
		cp := visit(c)
		n := cp.pop[female] + cp.pop[male]
		p.pop[female] += cp.pop[female]
		p.pop[male] += cp.pop[male]
		w += n
		wf += cp.pop[female]
		wm += cp.pop[male]
		for s, ws := range [2]float64{cp.pop[female], cp.pop[male]} {
			p.lifeExp[s] += ws * cp.lifeExp[s]
			p.expSchool[s] += ws * cp.expSchool[s]
			p.meanSchool[s] += ws * cp.meanSchool[s]
			p.expend[s] += ws * cp.expend[s]
			p.smaPlus[s] += ws * cp.smaPlus[s]
			p.someSecondary[s] += ws * cp.someSecondary[s]
			p.lfpr[s] += ws * cp.lfpr[s]
			p.unemployment[s] += ws * cp.unemployment[s]
		}
		p.mtf += cp.pop[female] * cp.mtf
		p.mhpk20 += cp.pop[female] * cp.mhpk20
		p.profShare += n * cp.profShare
		p.incomeShare += n * cp.incomeShare
		p.mmr += n * cp.mmr
		p.abr += cp.pop[female] * cp.abr
	}
	for s, ws := range [2]float64{wf, wm} {
		p.lifeExp[s] /= ws
		p.expSchool[s] /= ws
		p.meanSchool[s] /= ws
		p.expend[s] /= ws
		p.smaPlus[s] /= ws
		p.someSecondary[s] /= ws
		p.lfpr[s] /= ws
		p.unemployment[s] /= ws
	}
	p.mtf /= wf
	p.mhpk20 /= wf
	p.profShare /= w
	p.incomeShare /= w
	p.mmr /= w
	p.abr /= wf
	return p
}
