package grafana

import (
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"

	"github.com/setara-pug/setara/data"
)

// Region levels of the comparison dashboard, as regular expressions over BPS codes: Kota
// Medan's kecamatan (the home region's code and three digits) and Sumatera Utara's
// kabupaten/kota (12xx).
const (
	levelKecamatan = data.HomeRegion + `[0-9]{3}`
	levelKabKota   = `12[0-9]{2}`
)

const indicatorSource = "Nilai indikator dalam satuan indikatornya (persen 0–100, proporsi 0–1, tahun, ...). " +
	"Rasio P/L = perempuan / laki-laki (1 = paritas); selisih = perempuan − laki-laki, dalam satuan indikator. " +
	"Sumber: metrik setara_indicator_value dan setara_gender_gap_ratio (tabel indicator_value dan gender_gap; " +
	"data publikasi BPS atau estimasi tertimbang dari mikrodata survei)."

// perbandinganWilayah compares one index or indicator across the kecamatan of Medan or the
// kabupaten/kota of Sumatera Utara, women and men side by side.
func perbandinganWilayah() *dashboard.DashboardBuilder {
	levels := "Kecamatan di Kota Medan : " + levelKecamatan + ", Kabupaten/kota di Sumatera Utara : " + levelKabKota
	d := newDashboard("setara-perbandingan-wilayah", "Perbandingan Wilayah",
		"Satu indeks atau indikator dibandingkan antar kecamatan di Kota Medan atau antar kabupaten/kota di "+
			"Sumatera Utara, dengan nilai perempuan dan laki-laki berdampingan.").
		WithVariable(dashboard.NewCustomVariableBuilder("tingkat").
			Label("Tingkat wilayah").
			Description("Wilayah yang dibandingkan: kecamatan di Kota Medan atau kabupaten/kota di Sumatera Utara (kode BPS).").
			Values(dashboard.StringOrMap{String: &levels}).
			Current(selected("Kecamatan di Kota Medan", levelKecamatan)).
			Options([]dashboard.VariableOption{
				selected("Kecamatan di Kota Medan", levelKecamatan),
				option("Kabupaten/kota di Sumatera Utara", levelKabKota),
			})).
		WithVariable(labelValues("indeks", "Indeks",
			"Indeks gender yang dibandingkan (ipg, idg, ikg dari BPS; gdi, gii, hdi_f, hdi_m dari UNDP).",
			`setara_gender_index{region=~"$tingkat"}`, "index", dashboard.VariableSortAlphabeticalAsc).
			Current(selected("ipg", "ipg"))).
		WithVariable(labelValues("tahun", "Tahun",
			"Tahun data; bawaan: tahun terbaru yang tersedia untuk indeks dan tingkat wilayah ini.",
			`setara_gender_index{index="$indeks", region=~"$tingkat"}`, "year", dashboard.VariableSortNumericalDesc)).
		WithVariable(labelValues("indikator", "Indikator",
			"Indikator terpilah menurut jenis kelamin yang tersedia untuk perempuan dan laki-laki pada tahun terpilih.",
			`setara_gender_gap_ratio{region=~"$tingkat", year="$tahun"}`, "indicator", dashboard.VariableSortAlphabeticalAsc).
			Current(selected("labour_force_participation", "labour_force_participation")))

	indexSel := `setara_gender_index{index="$indeks", region=~"$tingkat", year="$tahun"}`
	d.WithRow(dashboard.NewRowBuilder("Indeks $indeks per wilayah, tahun $tahun"))
	d.WithPanel(barGauge("Indeks $indeks per wilayah, $tahun",
		"Nilai indeks $indeks tahun $tahun per wilayah, terbesar di atas. IPG dan IDG berskala 0–100 "+
			"(100 = setara), IKG dan indeks UNDP berskala 0–1 (IKG/GII: 0 = setara). Indeks setiap wilayah dihitung dari "+
			"input wilayah itu sendiri (methods.md). Sumber: metrik setara_gender_index (tabel gender_index).", 12, 14).
		Unit("none").
		Decimals(3).
		ShowUnfilled(true).
		ColorScheme(dashboard.NewFieldColorBuilder().Mode(dashboard.FieldColorModeIdContinuousBlues)).
		WithTarget(instant("A", "sort_desc("+indexSel+")", "{{region_name}}")))
	d.WithPanel(tablePanel("Tabel indeks $indeks, $tahun",
		"Kode BPS, nama wilayah dan nilai indeks $indeks tahun $tahun, dapat diurutkan. "+
			"Sumber: metrik setara_gender_index (tabel gender_index).", 12, 14).
		Unit("none").
		Decimals(3).
		WithTarget(instantTable("A", indexSel)).
		WithTransformation(sortBy("Value", true)).
		WithTransformation(organize([][2]string{{"region", "Kode"}, {"region_name", "Wilayah"}, {"Value", "Nilai"}}, "index", "year")))

	sel := func(metric, extra string) string {
		return metric + `{indicator="$indikator", region=~"$tingkat", year="$tahun"` + extra + `}`
	}
	d.WithRow(dashboard.NewRowBuilder("Indikator $indikator: perempuan dan laki-laki, tahun $tahun"))
	d.WithPanel(sexBars("Perempuan dan laki-laki: $indikator, $tahun",
		"Nilai indikator $indikator tahun $tahun untuk perempuan (P) dan laki-laki (L) per wilayah. "+indicatorSource,
		12, 14, "region_name", "Wilayah").
		Unit("none").
		Legend(common.NewVizLegendOptionsBuilder().ShowLegend(true).DisplayMode(common.LegendDisplayModeList).Placement(common.LegendPlacementBottom)).
		WithTarget(instantTable("A", sel("setara_indicator_value", `, sex=~"P|L"`))))
	d.WithPanel(barGauge("Rasio perempuan/laki-laki: $indikator, $tahun",
		"Rasio P/L indikator $indikator tahun $tahun per wilayah, terbesar di atas; 1 berarti paritas. "+indicatorSource, 12, 14).
		Unit("none").
		Decimals(2).
		ShowUnfilled(true).
		Thresholds(steps("orange", 0.95, "green", 1.05, "blue")).
		WithTarget(instant("A", "sort_desc("+sel("setara_gender_gap_ratio", "")+")", "{{region_name}}")))
	d.WithPanel(tablePanel("Tabel $indikator menurut jenis kelamin, $tahun",
		"Perempuan, laki-laki, rasio P/L dan selisih P − L indikator $indikator tahun $tahun per wilayah. "+indicatorSource, 24, 10).
		Unit("none").
		Decimals(2).
		WithTarget(instantTable("A", `sum without (sex) (`+sel("setara_indicator_value", `, sex="P"`)+`)`)).
		WithTarget(instantTable("B", `sum without (sex) (`+sel("setara_indicator_value", `, sex="L"`)+`)`)).
		WithTarget(instantTable("C", sel("setara_gender_gap_ratio", ""))).
		WithTarget(instantTable("D", `sum without (sex) (`+sel("setara_indicator_value", `, sex="P"`)+`) - `+
			`sum without (sex) (`+sel("setara_indicator_value", `, sex="L"`)+`)`)).
		WithTransformation(merge()).
		WithTransformation(organize([][2]string{
			{"region", "Kode"}, {"region_name", "Wilayah"},
			{"Value #A", "Perempuan"}, {"Value #B", "Laki-laki"}, {"Value #C", "Rasio P/L"}, {"Value #D", "Selisih P − L"},
		}, "indicator", "year")))
	return d
}
