package demo

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
)

// IndicatorsHeader is the indicators input contract's header (with the optional columns).
var IndicatorsHeader = []string{"region_code", "year", "indicator", "sex", "value", "source", "note"}

// RegionsHeader is the regions input contract's header.
var RegionsHeader = []string{"region_code", "name", "level", "parent_code"}

// SyntheticSource labels every generated indicator row.
const SyntheticSource = "data contoh (sintetis)"

type indicatorKey struct {
	region string
	year   int
	code   string
	sex    string
}

// publishedRows reads the real published inputs embedded in published.csv.
func publishedRows() (map[indicatorKey][]string, []indicatorKey, error) {
	rows, err := readEmbedded("published.csv")
	if err != nil {
		return nil, nil, err
	}
	out := make(map[indicatorKey][]string, len(rows))
	var order []indicatorKey
	for _, r := range rows {
		y, err := strconv.Atoi(r["year"])
		if err != nil {
			return nil, nil, fmt.Errorf("published.csv: year %q: %w", r["year"], err)
		}
		k := indicatorKey{r["region_code"], y, r["indicator"], r["sex"]}
		rec := make([]string, len(IndicatorsHeader))
		for i, h := range IndicatorsHeader {
			rec[i] = r[h]
		}
		out[k] = rec
		order = append(order, k)
	}
	return out, order, nil
}

// indicatorValue is one synthetic value with the decimals it is published with.
type indicatorValue struct {
	code     string
	sex      string
	value    float64
	decimals int
}

// indicatorValues lists the published-style indicators of a region-year. Kecamatan get
// population and the IPG inputs; kabupaten/kota, provinces and the country also get the IKG, IDG
// and UNDP GII inputs that BPS publishes at those levels, and provinces and the country the
// maternal and adolescent birth rates.
func indicatorValues(r *region, p params) []indicatorValue {
	sexes := [2]string{female: "P", male: "L"}
	popF, popM := p.pop[female], p.pop[male]
	var out []indicatorValue
	// bySex adds the female and male values and, with total, their population-weighted total:
	// a total always lies between the two, as the stages' consistency check expects.
	bySex := func(code string, v [2]float64, dec int, total bool) {
		for s, name := range sexes {
			out = append(out, indicatorValue{code, name, v[s], dec})
		}
		if total {
			out = append(out, indicatorValue{code, "T", (popF*v[female] + popM*v[male]) / (popF + popM), dec})
		}
	}
	out = append(out,
		indicatorValue{"population", "P", p.pop[female], 0},
		indicatorValue{"population", "L", p.pop[male], 0},
		indicatorValue{"population", "T", p.pop[female] + p.pop[male], 0})
	bySex("life_expectancy", p.lifeExp, 2, true)
	bySex("expected_schooling", p.expSchool, 2, true)
	bySex("mean_schooling", p.meanSchool, 2, true)
	bySex("expenditure_per_capita", p.expend, 0, true)
	if r.level == "district" {
		return out
	}
	bySex("senior_high_education", p.smaPlus, 2, true)
	bySex("secondary_education", p.someSecondary, 2, true)
	bySex("labour_force_participation", p.lfpr, 2, true)
	out = append(out,
		indicatorValue{"birth_outside_facility", "P", p.mtf, 3},
		indicatorValue{"first_birth_under_20", "P", p.mhpk20, 3})
	if r.seats > 0 {
		bySex("parliament_share", p.parliament, 2, false)
	}
	bySex("professional_share", [2]float64{p.profShare, 100 - p.profShare}, 2, false)
	bySex("income_share", [2]float64{p.incomeShare, 100 - p.incomeShare}, 2, false)
	if r.level == "province" || r.level == "country" {
		out = append(out,
			indicatorValue{"maternal_mortality", "T", p.mmr, 0},
			indicatorValue{"adolescent_birth", "P", p.abr, 1})
	}
	return out
}

// formatValue rounds v to dec decimals and prints it without trailing zeros.
func formatValue(v float64, dec int) string {
	scale := math.Pow(10, float64(dec))
	return strconv.FormatFloat(math.Round(v*scale)/scale, 'f', -1, 64)
}

// writeIndicators writes every region-year's indicators, with the real published rows in place
// of the synthetic ones for the same key (and any real row without a synthetic twin at the end).
func writeIndicators(w io.Writer, set *regionSet, years []yearParams) error {
	real, order, err := publishedRows()
	if err != nil {
		return err
	}
	used := make(map[indicatorKey]bool, len(real))
	cw := csv.NewWriter(w)
	if err := cw.Write(IndicatorsHeader); err != nil {
		return err
	}
	for _, y := range years {
		yearStr := strconv.Itoa(y.year)
		for _, r := range set.all {
			p := y.by[r.code]
			values := indicatorValues(r, p)
			realValue := func(code, sex string) (float64, bool) {
				rec, ok := real[indicatorKey{r.code, y.year, code, sex}]
				if !ok {
					return 0, false
				}
				v, err := strconv.ParseFloat(rec[4], 64)
				return v, err == nil
			}
			for _, v := range values {
				k := indicatorKey{r.code, y.year, v.code, v.sex}
				if rec, ok := real[k]; ok {
					used[k] = true
					if err := cw.Write(rec); err != nil {
						return err
					}
					continue
				}
				note := ""
				if v.sex == "T" {
					// A total next to real female and male values is recomputed from them.
					f, okF := realValue(v.code, "P")
					m, okM := realValue(v.code, "L")
					if okF || okM {
						if !okF {
							f = valueOf(values, v.code, "P")
						}
						if !okM {
							m = valueOf(values, v.code, "L")
						}
						v.value = (p.pop[female]*f + p.pop[male]*m) / (p.pop[female] + p.pop[male])
						note = "dihitung dari nilai P dan L yang dipublikasikan BPS"
					}
				}
				rec := []string{r.code, yearStr, v.code, v.sex, formatValue(v.value, v.decimals), SyntheticSource, note}
				if err := cw.Write(rec); err != nil {
					return err
				}
			}
		}
	}
	inYears := make(map[int]bool, len(years))
	for _, y := range years {
		inYears[y.year] = true
	}
	for _, k := range order {
		if !used[k] && inYears[k.year] {
			if _, ok := set.byCode[k.region]; !ok {
				continue
			}
			if err := cw.Write(real[k]); err != nil {
				return err
			}
		}
	}
	// The published index values whose inputs the demo holds as published: index_check puts
	// them beside the values computed from those inputs.
	indexRows, err := readEmbedded("published_index.csv")
	if err != nil {
		return err
	}
	for _, r := range indexRows {
		year, err := strconv.Atoi(r["year"])
		if err != nil {
			return fmt.Errorf("published_index.csv: year %q: %w", r["year"], err)
		}
		if _, ok := set.byCode[r["region_code"]]; r["demo"] != "true" || !ok || !inYears[year] {
			continue
		}
		if err := cw.Write([]string{r["region_code"], r["year"], r["index_code"], "T", r["value"], r["source"], "nilai indeks terbitan BPS"}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func valueOf(values []indicatorValue, code, sex string) float64 {
	for _, v := range values {
		if v.code == code && v.sex == sex {
			return v.value
		}
	}
	return math.NaN()
}

// writeRegions declares the invented regions of national mode.
func writeRegions(w io.Writer, set *regionSet) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(RegionsHeader); err != nil {
		return err
	}
	for _, r := range set.all {
		if !r.declare {
			continue
		}
		if err := cw.Write([]string{r.code, r.name, r.level, r.parent}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
