package demo

import (
	"encoding/csv"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/setara-pug/setara/data"
)

// GBSHeader is the gbs input contract's header.
var GBSHeader = []string{"year", "opd_code", "program", "activity", "gender_issue", "data_basis", "data_indicator",
	"gap_factors", "cause_internal", "cause_external", "objective", "action_plan", "output_indicator",
	"target_female", "target_male", "outcome_indicator", "budget"}

// ReadinessHeader is the readiness input contract's header.
var ReadinessHeader = []string{"year", "opd_code", "prerequisite", "status", "evidence", "note"}

// issueOf is the synthetic gender issue, data basis and catalog indicator of an activity
// whose first target group is the key.
var issueOf = map[string]struct{ issue, basis, indicator string }{
	"perempuan":   {"Partisipasi perempuan dalam kegiatan masih lebih rendah daripada laki-laki", "Sakernas Agustus (sintetis): TPAK menurut jenis kelamin", "labour_force_participation"},
	"ibu_hamil":   {"Masih ada persalinan di luar fasilitas kesehatan", "Susenas (sintetis): persalinan di fasilitas kesehatan", "birth_outside_facility"},
	"anak":        {"Lama sekolah anak perempuan dan laki-laki belum setara", "Dapodik dan Susenas (sintetis): rata-rata lama sekolah", "mean_schooling"},
	"lansia":      {"Lansia perempuan hidup lebih lama dengan layanan yang belum menjangkau", "Susenas (sintetis): angka harapan hidup", "life_expectancy"},
	"disabilitas": {"Penyandang disabilitas perempuan lebih jarang terlayani", "Data terpilah OPD (sintetis): penyandang disabilitas terlayani", ""},
}

// writeGBS writes a synthetic Gender Budget Statement for most gender-responsive activities
// of writePrograms: about one in eight has none, one in six leaves a field empty, targets are
// set so that some are missed, one in twenty states another budget than the activity's.
func writeGBS(w io.Writer, opts Options) error {
	opds, lists, err := programLists(opts)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(GBSHeader); err != nil {
		return err
	}
	for _, year := range opts.Years {
		for i, o := range opds {
			for _, t := range lists[i] {
				act := activityRow(opts.Seed, year, o, t)
				if act[7] != "true" {
					continue
				}
				r := rand.New(rand.NewPCG(opts.Seed^uint64(year)<<1, hashString("gbs:"+o.code+":"+t.activity)))
				if r.Float64() < 0.125 {
					continue // a responsive activity without a GBS
				}
				if err := cw.Write(gbsRow(r, act, t)); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// gbsRow is the GBS of the activity row act (activityRow's columns).
func gbsRow(r *rand.Rand, act []string, t activityTemplate) []string {
	group := strings.Split(t.targetGroups, ";")[0]
	is, ok := issueOf[group]
	if !ok {
		is = issueOf["perempuan"]
	}
	factors := []string{"akses", "partisipasi", "kontrol", "manfaat"}
	r.Shuffle(len(factors), func(i, j int) { factors[i], factors[j] = factors[j], factors[i] })
	factors = factors[:1+r.IntN(3)]
	rec := []string{act[0], act[1], act[3], act[4], is.issue, is.basis, is.indicator, strings.Join(factors, ";"),
		"Data terpilah belum dipakai dalam perencanaan kegiatan", "Beban pengasuhan dan norma sosial membatasi waktu perempuan",
		"Kesenjangan " + strings.ToLower(is.issue[:1]) + is.issue[1:] + " berkurang",
		"Jadwal dan lokasi kegiatan disesuaikan; sosialisasi melalui kader dan PKK",
		t.outputIndicator, "", "", "Kesenjangan pada indikator data pembuka wawasan menyempit", act[5]}
	// Targets by sex: the realized beneficiaries over an achievement around 1 (some missed).
	if female, err := strconv.ParseFloat(act[13], 64); err == nil {
		male, _ := strconv.ParseFloat(act[12], 64)
		rec[13] = strconv.FormatFloat(math.Max(1, math.Round(female/clamp(1+0.1*r.NormFloat64(), 0.6, 1.3))), 'f', 0, 64)
		rec[14] = strconv.FormatFloat(math.Max(0, math.Round(male/clamp(1+0.1*r.NormFloat64(), 0.6, 1.3))), 'f', 0, 64)
	} else if out, err := strconv.ParseFloat(act[10], 64); err == nil && r.Float64() < 0.7 {
		// no beneficiaries counted by sex: most GBSs still split the output target
		female := math.Round(out * 0.5)
		rec[13], rec[14] = strconv.FormatFloat(female, 'f', 0, 64), strconv.FormatFloat(out-female, 'f', 0, 64)
	}
	switch u := r.Float64(); {
	case u < 0.06:
		rec[5], rec[6] = "", "" // no data basis
	case u < 0.12:
		rec[9] = "" // no external cause
	case u < 0.17:
		rec[15] = "" // no outcome indicator
	}
	if r.Float64() < 0.05 {
		budget, _ := strconv.ParseFloat(act[5], 64)
		rec[16] = strconv.FormatFloat(math.Round(budget*1.1/1000)*1000, 'f', 0, 64)
	}
	return rec
}

// writeReadiness writes the seven prerequisites for every OPD and the city (KOTA) every year:
// each OPD has a level that grows over the years; a prerequisite is in place (ada), partly
// (sebagian) or not yet (belum) around it.
func writeReadiness(w io.Writer, opts Options) error {
	opds, err := loadOPDs(opts.OPDs)
	if err != nil {
		return err
	}
	codes := []string{"KOTA"}
	for _, o := range opds {
		codes = append(codes, o.code)
	}
	evidence := map[string]string{
		"komitmen": "Surat keputusan kepala OPD tentang PUG (sintetis)", "kebijakan": "Rencana strategis memuat isu gender (sintetis)",
		"kelembagaan": "Focal point PUG ditetapkan (sintetis)", "sumber_daya": "Staf terlatih PPRG (sintetis)",
		"data_terpilah": "Data terpilah dipublikasikan (sintetis)", "alat_analisis": "GAP dan GBS disusun (sintetis)",
		"partisipasi_masyarakat": "Musrenbang perempuan dan forum anak (sintetis)",
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(ReadinessHeader); err != nil {
		return err
	}
	for _, year := range opts.Years {
		for _, code := range codes {
			base := rand.New(rand.NewPCG(opts.Seed, hashString("readiness:"+code)))
			level := 0.35 + 0.4*base.Float64() + 0.05*float64(year-opts.Years[0])
			if code == "KOTA" {
				level += 0.25
			}
			r := rand.New(rand.NewPCG(opts.Seed^uint64(year), hashString("readiness:"+code)))
			for i, p := range data.Prerequisites {
				u := r.Float64() + 0.04*float64(i) // the later prerequisites come later
				status, ev := "belum", ""
				switch {
				case u < level:
					status, ev = "ada", evidence[p]
				case u < level+0.2:
					status, ev = "sebagian", evidence[p]
				}
				if err := cw.Write([]string{strconv.Itoa(year), code, p, status, ev, ""}); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
