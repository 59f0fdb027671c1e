package demo

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
)

// ProgramsHeader is the programs input contract's header.
var ProgramsHeader = []string{"year", "opd_code", "opd_name", "program", "activity", "budget", "realization",
	"gender_responsive", "target_groups", "output_indicator", "output_target", "output_realized",
	"beneficiaries_male", "beneficiaries_female"}

// TargetGroups are the five target groups of Medan's PUG policy.
var TargetGroups = []string{"perempuan", "disabilitas", "lansia", "ibu_hamil", "anak"}

type opd struct {
	code, name, sector string
	weight             float64
}

type activityTemplate struct {
	sector, program, activity, targetGroups string
	responsive                              bool
	outputIndicator                         string
	targetMin, targetMax                    float64
	femaleShare                             float64 // < 0: no beneficiaries counted
	budgetMin, budgetMax                    float64 // juta rupiah
}

func loadOPDs(n int) ([]opd, error) {
	rows, err := readEmbedded("opds.csv")
	if err != nil {
		return nil, err
	}
	var out []opd
	for _, r := range rows {
		w, err := strconv.ParseFloat(r["weight"], 64)
		if err != nil {
			return nil, fmt.Errorf("opds.csv: %s: weight: %w", r["opd_code"], err)
		}
		out = append(out, opd{r["opd_code"], r["opd_name"], r["sector"], w})
	}
	if n <= len(out) {
		return out[:n], nil
	}
	// More OPDs than the real list (benchmarks): synthetic ones, cycling through the sectors.
	seen := map[string]bool{}
	var sectors []string
	for _, o := range out {
		if !seen[o.sector] {
			seen[o.sector] = true
			sectors = append(sectors, o.sector)
		}
	}
	sort.Strings(sectors)
	for i := len(out); i < n; i++ {
		out = append(out, opd{
			code:   fmt.Sprintf("9.99.%03d", i+1),
			name:   fmt.Sprintf("OPD Sintetis %03d", i+1),
			sector: sectors[i%len(sectors)],
			weight: 6,
		})
	}
	return out, nil
}

func loadTemplates() (map[string][]activityTemplate, error) {
	rows, err := readEmbedded("activities.csv")
	if err != nil {
		return nil, err
	}
	out := map[string][]activityTemplate{}
	for _, r := range rows {
		t := activityTemplate{
			sector: r["sector"], program: r["program"], activity: r["activity"],
			targetGroups: r["target_groups"], responsive: r["responsive"] == "true",
			outputIndicator: r["output_indicator"], femaleShare: -1,
		}
		var errs [5]error
		t.targetMin, errs[0] = strconv.ParseFloat(r["target_min"], 64)
		t.targetMax, errs[1] = strconv.ParseFloat(r["target_max"], 64)
		t.budgetMin, errs[2] = strconv.ParseFloat(r["budget_min"], 64)
		t.budgetMax, errs[3] = strconv.ParseFloat(r["budget_max"], 64)
		if r["female_share"] != "" {
			t.femaleShare, errs[4] = strconv.ParseFloat(r["female_share"], 64)
		}
		if err := firstErr(errs[:]...); err != nil {
			return nil, fmt.Errorf("activities.csv: %s: %w", t.activity, err)
		}
		for _, g := range strings.Split(t.targetGroups, ";") {
			if g != "" && !isTargetGroup(g) {
				return nil, fmt.Errorf("activities.csv: %s: unknown target group %q", t.activity, g)
			}
		}
		out[t.sector] = append(out[t.sector], t)
	}
	return out, nil
}

func isTargetGroup(g string) bool {
	for _, t := range TargetGroups {
		if g == t {
			return true
		}
	}
	return false
}

// opdActivities is the list of n activities of an OPD: two general ones, the templates of its
// sector, the other general ones, then sector activities repeated per kecamatan.
func opdActivities(o opd, templates map[string][]activityTemplate, kecamatan []string, n int) []activityTemplate {
	general := templates["umum"]
	sector := templates[o.sector]
	list := append([]activityTemplate{}, general[:min(2, len(general))]...)
	list = append(list, sector...)
	if len(general) > 2 {
		list = append(list, general[2:]...)
	}
	var located []activityTemplate
	for _, t := range sector {
		if t.femaleShare >= 0 {
			located = append(located, t)
		}
	}
	if len(located) == 0 {
		located = sector
	}
	for i := 0; len(list) < n && len(located) > 0; i++ {
		t := located[i%len(located)]
		t.activity = t.activity + " di Kecamatan " + kecamatan[i%len(kecamatan)]
		t.targetMin /= 8
		t.targetMax /= 8
		t.budgetMin /= 6
		t.budgetMax /= 6
		list = append(list, t)
	}
	return list[:min(n, len(list))]
}

// programLists is the OPDs of opts and each one's activities.
func programLists(opts Options) ([]opd, [][]activityTemplate, error) {
	opds, err := loadOPDs(opts.OPDs)
	if err != nil {
		return nil, nil, err
	}
	templates, err := loadTemplates()
	if err != nil {
		return nil, nil, err
	}
	kec, err := kecamatanNames()
	if err != nil {
		return nil, nil, err
	}
	// Every OPD has at least one activity; the rest go by weight.
	weights := make([]float64, len(opds))
	for i, o := range opds {
		weights[i] = o.weight
	}
	extra := allocate(max(0, opts.Activities-len(opds)), weights)
	lists := make([][]activityTemplate, len(opds))
	for i, o := range opds {
		lists[i] = opdActivities(o, templates, kec, 1+extra[i])
	}
	return opds, lists, nil
}

// writePrograms writes every OPD's activities for every year.
func writePrograms(w io.Writer, opts Options) error {
	opds, lists, err := programLists(opts)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(ProgramsHeader); err != nil {
		return err
	}
	for _, year := range opts.Years {
		for i, o := range opds {
			for _, t := range lists[i] {
				if err := cw.Write(activityRow(opts.Seed, year, o, t)); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// activityRow is one activity in one year. Its size is fixed per activity (a stream named by
// the OPD and activity); the year brings growth, the 2020 budget refocusing and noise.
func activityRow(seed uint64, year int, o opd, t activityTemplate) []string {
	base := rand.New(rand.NewPCG(seed, hashString("activity:"+o.code+":"+t.activity)))
	budgetJuta := t.budgetMin * math.Pow(t.budgetMax/t.budgetMin, base.Float64())
	target := t.targetMin + (t.targetMax-t.targetMin)*base.Float64()

	r := rand.New(rand.NewPCG(seed^uint64(year), hashString("activity:"+o.code+":"+t.activity)))
	ty := float64(year - 2018)
	c := covid(year)
	budget := budgetJuta * 1e6 * math.Pow(1.06, ty) * (1 - 0.18*c*c) * (0.9 + 0.2*r.Float64())
	budget = math.Round(budget/1000) * 1000
	rate := clamp(0.92+0.05*r.NormFloat64()-0.1*c, 0.45, 1)
	realization := math.Round(budget*rate/1000) * 1000
	responsive := t.responsive && r.Float64() < 0.55+0.07*ty

	outTarget := math.Max(1, math.Round(target*math.Pow(1.03, ty)))
	outRealized := math.Round(outTarget * clamp(0.95+0.08*r.NormFloat64()-0.1*c, 0.5, 1.2))

	rec := []string{
		strconv.Itoa(year), o.code, o.name, t.program, t.activity,
		strconv.FormatFloat(budget, 'f', 0, 64), strconv.FormatFloat(realization, 'f', 0, 64),
		strconv.FormatBool(responsive), t.targetGroups, t.outputIndicator,
		strconv.FormatFloat(outTarget, 'f', 0, 64), strconv.FormatFloat(outRealized, 'f', 0, 64),
		"", "",
	}
	if t.femaleShare >= 0 {
		total := outRealized
		women := total
		if t.femaleShare < 0.999 {
			women = math.Round(total * clamp(t.femaleShare+0.03*r.NormFloat64(), 0, 1))
		}
		rec[12] = strconv.FormatFloat(total-women, 'f', 0, 64)
		rec[13] = strconv.FormatFloat(women, 'f', 0, 64)
	}
	return rec
}
