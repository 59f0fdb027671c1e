package grafana

import (
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/stat"
)

const programSource = "Sumber: laporan program dan kegiatan OPD (berkas programs), diringkas setara " +
	"(tabel program_summary dan target_group_summary)."

// programAnggaran shows gender-responsive budgeting: the responsive share of the budget by
// OPD, realization, and beneficiaries by sex and target group.
func programAnggaran() *dashboard.DashboardBuilder {
	d := newDashboard("setara-program-anggaran", "Program & Anggaran Responsif Gender",
		"Anggaran responsif gender (ARG) per OPD: porsi anggaran kegiatan responsif gender, realisasi, dan "+
			"penerima manfaat menurut jenis kelamin dan kelompok sasaran (perempuan, disabilitas, lansia, ibu hamil, anak).").
		WithVariable(labelValues("tahun", "Tahun anggaran",
			"Tahun anggaran; bawaan: tahun terbaru.",
			`setara_program_budget_rupiah`, "year", dashboard.VariableSortNumericalDesc)).
		WithVariable(labelValues("opd", "OPD",
			"Organisasi Perangkat Daerah; pilih satu, beberapa, atau semua.",
			`setara_program_budget_rupiah{year="$tahun"}`, "opd_name", dashboard.VariableSortAlphabeticalAsc).
			Multi(true).
			IncludeAll(true).
			AllValue(".*").
			Current(selected("All", "$__all")))

	budget := func(extra string) string {
		return `setara_program_budget_rupiah{year="$tahun", opd_name=~"$opd"` + extra + `}`
	}
	realization := `setara_program_realization_rupiah{year="$tahun", opd_name=~"$opd"}`
	beneficiaries := func(extra string) string {
		return `setara_program_beneficiaries{year="$tahun", opd_name=~"$opd"` + extra + `}`
	}

	d.WithRow(dashboard.NewRowBuilder("Anggaran tahun $tahun"))
	d.WithPanel(moneyStat("Total anggaran",
		"Jumlah pagu anggaran kegiatan OPD terpilih tahun $tahun, dalam rupiah. "+programSource,
		"A", "sum("+budget("")+")"))
	d.WithPanel(moneyStat("Anggaran responsif gender",
		"Jumlah anggaran kegiatan yang ditandai responsif gender (responsive_budget) tahun $tahun, dalam rupiah. "+programSource,
		"A", "sum("+budget(`, responsive="true"`)+")"))
	d.WithPanel(shareStat("Porsi anggaran responsif gender",
		"Porsi ARG = anggaran kegiatan responsif gender / total anggaran, untuk OPD terpilih tahun $tahun. "+programSource,
		"A", "sum("+budget(`, responsive="true"`)+") / sum("+budget("")+")"))
	d.WithPanel(moneyStat("Realisasi",
		"Jumlah realisasi anggaran kegiatan OPD terpilih tahun $tahun, dalam rupiah. "+programSource,
		"A", "sum("+realization+")"))
	d.WithPanel(shareStat("Tingkat realisasi",
		"Tingkat realisasi = realisasi / anggaran, untuk OPD terpilih tahun $tahun. "+programSource,
		"A", "sum("+realization+") / sum("+budget("")+")"))
	d.WithPanel(shareStat("Penerima manfaat perempuan",
		"Porsi perempuan = penerima manfaat perempuan / (perempuan + laki-laki), kegiatan OPD terpilih tahun $tahun. "+programSource,
		"A", "sum("+beneficiaries(`, sex="P"`)+") / sum("+beneficiaries(`, sex=~"P|L"`)+")"))

	d.WithRow(dashboard.NewRowBuilder("Per OPD"))
	d.WithPanel(barGauge("Porsi anggaran responsif gender per OPD",
		"Porsi ARG per OPD tahun $tahun = anggaran responsif gender / anggaran OPD (0–100 %), terbesar di atas. "+programSource, 12, 12).
		Unit("percentunit").
		Min(0).Max(1).
		Decimals(1).
		ShowUnfilled(true).
		Thresholds(steps("red", 0.1, "orange", 0.3, "green")).
		WithTarget(instant("A", `sort_desc(setara_program_responsive_share_ratio{year="$tahun", opd_name=~"$opd"})`, "{{opd_name}}")))
	byOPD := func(expr string) string { return "sum by (opd, opd_name) (" + expr + ")" }
	d.WithPanel(tablePanel("Anggaran dan realisasi per OPD",
		"Per OPD tahun $tahun: anggaran, anggaran responsif gender, realisasi (rupiah), tingkat realisasi = "+
			"realisasi / anggaran, dan porsi ARG = anggaran responsif gender / anggaran. "+programSource, 12, 12).
		Unit("currencyIDR").
		WithTarget(instantTable("A", byOPD(budget("")))).
		WithTarget(instantTable("B", byOPD(budget(`, responsive="true"`)))).
		WithTarget(instantTable("C", byOPD(realization))).
		WithTarget(instantTable("D", byOPD(realization)+" / "+byOPD(budget("")))).
		WithTarget(instantTable("E", byOPD(`setara_program_responsive_share_ratio{year="$tahun", opd_name=~"$opd"}`))).
		WithTransformation(merge()).
		WithTransformation(sortBy("Value #E", true)).
		WithTransformation(organize([][2]string{
			{"opd", "Kode OPD"}, {"opd_name", "OPD"}, {"Value #A", "Anggaran"}, {"Value #B", "Anggaran responsif gender"},
			{"Value #C", "Realisasi"}, {"Value #D", "Tingkat realisasi"}, {"Value #E", "Porsi ARG"},
		})).
		OverrideByName("Anggaran", unit("currencyIDR")).
		OverrideByName("Anggaran responsif gender", unit("currencyIDR")).
		OverrideByName("Realisasi", unit("currencyIDR")).
		OverrideByName("Tingkat realisasi", unit("percentunit")).
		OverrideByName("Porsi ARG", unit("percentunit")))

	d.WithRow(dashboard.NewRowBuilder("Evaluasi PUG"))
	evaluation := func(metric string) string {
		return metric + `{year="$tahun", opd_name=~"$opd"}`
	}
	d.WithPanel(tablePanel("Cakupan GBS dan temuan evaluasi per OPD",
		"Per OPD tahun $tahun: porsi kegiatan responsif gender yang Gender Budget Statement (GBS)-nya lengkap (0–100 %), "+
			"jumlah temuan evaluasi (kegiatan tanpa GBS, GBS belum lengkap, target per jenis kelamin tidak tercapai, ...) "+
			"dan prasyarat PUG yang ada (dari 7). OPD tanpa kegiatan responsif gender tidak memiliki porsi GBS. "+
			"Sumber: berkas gbs dan readiness OPD, dinilai setara (tabel opd_evaluation, opd_finding, pug_readiness).", 24, 10).
		Unit("short").
		WithTarget(instantTable("A", byOPD(evaluation("setara_evaluation_gbs_complete_ratio")))).
		WithTarget(instantTable("B", byOPD(evaluation("setara_evaluation_opd_findings")))).
		WithTarget(instantTable("C", byOPD(evaluation("setara_evaluation_prerequisites_met")))).
		WithTransformation(merge()).
		WithTransformation(sortBy("Value #B", true)).
		WithTransformation(organize([][2]string{
			{"opd", "Kode OPD"}, {"opd_name", "OPD"}, {"Value #A", "GBS lengkap"}, {"Value #B", "Temuan"},
			{"Value #C", "Prasyarat PUG ada"},
		})).
		OverrideByName("GBS lengkap", unit("percentunit")))

	d.WithRow(dashboard.NewRowBuilder("Penerima manfaat dan kelompok sasaran"))
	d.WithPanel(sexBars("Penerima manfaat menurut jenis kelamin per OPD",
		"Jumlah penerima manfaat perempuan dan laki-laki kegiatan OPD tahun $tahun (orang). "+programSource,
		8, 12, "opd_name", "OPD").
		Unit("short").
		WithTarget(instantTable("A", `sum by (opd_name, sex) (`+beneficiaries(`, sex=~"P|L"`)+`)`)))
	d.WithPanel(sexBars("Penerima manfaat per kelompok sasaran",
		"Penerima manfaat perempuan dan laki-laki tahun $tahun menurut kelompok sasaran kebijakan PUG Kota Medan "+
			"(perempuan, disabilitas, lansia, ibu_hamil, anak); satu kegiatan dapat menyasar beberapa kelompok. "+programSource,
		8, 12, "group", "Kelompok sasaran").
		Unit("short").
		WithTarget(instantTable("A", `sum by (group, sex) (setara_target_group_beneficiaries{year="$tahun", sex=~"P|L"})`)))
	d.WithPanel(barGauge("Anggaran per kelompok sasaran",
		"Anggaran kegiatan tahun $tahun menurut kelompok sasaran, dalam rupiah; kegiatan dengan beberapa "+
			"kelompok sasaran dihitung pada setiap kelompoknya, sehingga jumlahnya dapat melebihi total anggaran. "+programSource, 8, 12).
		Unit("currencyIDR").
		WithTarget(instant("A", `sort_desc(setara_target_group_budget_rupiah{year="$tahun"})`, "{{group}}")))
	return d
}

func moneyStat(title, description, refID, expr string) *stat.PanelBuilder {
	return statPanel(title, description, 4, common.BigValueColorModeNone).
		Unit("currencyIDR").
		Decimals(0).
		WithTarget(instant(refID, expr, ""))
}

func shareStat(title, description, refID, expr string) *stat.PanelBuilder {
	return statPanel(title, description, 4, common.BigValueColorModeNone).
		Unit("percentunit").
		Decimals(1).
		Min(0).Max(1).
		WithTarget(instant(refID, expr, ""))
}

// unit is a field override setting the unit.
func unit(u string) []dashboard.DynamicConfigValue {
	return []dashboard.DynamicConfigValue{{Id: "unit", Value: u}}
}
