package grafana

import (
	"github.com/grafana/grafana-foundation-sdk/go/barchart"
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/stat"
)

// bpsIndex describes one BPS index on the summary dashboard.
type bpsIndex struct {
	code, name, abbr string
	decimals         float64
	higherIsBetter   bool
	formula          string // Indonesian: formula, source, reading
}

// bpsIndices are IPG, IDG and IKG as methods.md defines them.
var bpsIndices = []bpsIndex{
	{
		code: "ipg", abbr: "IPG", name: "Indeks Pembangunan Gender", decimals: 2, higherIsBetter: true,
		formula: "IPG = IPM perempuan / IPM laki-laki × 100 (BPS). IPM menurut jenis kelamin = " +
			"(I_kesehatan · I_pendidikan · I_pengeluaran)^(1/3) dari UHH, HLS, RLS dan pengeluaran per kapita " +
			"disesuaikan, dengan batas (goalpost) BPS; indeks dimensi dibatasi 0–1. 100 berarti setara. " +
			"Sumber: indikator terpilah BPS atau mikrodata survei, dihitung setara (tabel gender_index).",
	},
	{
		code: "idg", abbr: "IDG", name: "Indeks Pemberdayaan Gender", decimals: 2, higherIsBetter: true,
		formula: "IDG = (I_parlemen + I_pengambil keputusan + I_pendapatan) / 3 × 100 (BPS, EDEP dengan ε = 2): " +
			"keterlibatan perempuan di parlemen, perempuan sebagai tenaga profesional, sumbangan pendapatan. " +
			"Komponen pendapatan adalah pendekatan karena batas rupiah BPS tidak diterbitkan. " +
			"Sumber: indikator terpilah BPS atau mikrodata survei, dihitung setara (tabel gender_index).",
	},
	{
		code: "ikg", abbr: "IKG", name: "Indeks Ketimpangan Gender", decimals: 3, higherIsBetter: false,
		formula: "IKG = 1 − HARM / G_fm (BPS, metode 2023, struktur GII UNDP): kesehatan reproduksi " +
			"(MTF, MHPK20; Health_P = √(5e-5 / (MTF · MHPK20)), konstanta dikalibrasi), pemberdayaan " +
			"(kursi legislatif, penduduk 25+ berpendidikan SMA ke atas) dan pasar kerja (TPAK). " +
			"0 berarti setara; makin kecil makin baik. Sumber: indikator terpilah BPS atau mikrodata survei, " +
			"dihitung setara (tabel gender_index).",
	},
}

// comparisonRegions are Sumatera Utara (12) and Indonesia (00), drawn beside the chosen region.
const comparisonRegions = `region=~"12|00"`

// ringkasan is the leaders' summary: IPG, IDG, IKG for a region and year, the change against a
// comparison year, and each index by year for the region, Sumatera Utara and Indonesia.
func ringkasan() *dashboard.DashboardBuilder {
	d := newDashboard("setara-ringkasan", "Ringkasan Gender",
		"Ringkasan untuk pimpinan: Indeks Pembangunan Gender (IPG), Indeks Pemberdayaan Gender (IDG) dan "+
			"Indeks Ketimpangan Gender (IKG) wilayah terpilih, perubahannya dibanding tahun pembanding, dan "+
			"trennya per tahun dibanding Sumatera Utara dan Indonesia. Data tahunan dari snapshot setara.").
		WithVariable(labelValues("wilayah", "Wilayah",
			"Wilayah yang diringkas (nama wilayah BPS).",
			`setara_gender_index{index=~"ipg|idg|ikg"}`, "region_name", dashboard.VariableSortAlphabeticalAsc).
			Current(selected("Kota Medan", "Kota Medan"))).
		WithVariable(labelValues("tahun", "Tahun",
			"Tahun data; bawaan: tahun terbaru yang tersedia untuk wilayah ini.",
			`setara_gender_index{index=~"ipg|idg|ikg", region_name="$wilayah"}`, "year", dashboard.VariableSortNumericalDesc)).
		WithVariable(labelValues("tahun_banding", "Tahun pembanding",
			"Tahun pembanding untuk perubahan; bawaan: tahun terbaru selain tahun terpilih (tahun sebelumnya bila tahun terpilih adalah yang terbaru).",
			`setara_gender_index{index=~"ipg|idg|ikg", region_name="$wilayah", year!="$tahun"}`, "year", dashboard.VariableSortNumericalDesc))

	d.WithRow(dashboard.NewRowBuilder("Indeks gender $wilayah, tahun $tahun"))
	for _, ix := range bpsIndices {
		d.WithPanel(indexStat(ix))
		d.WithPanel(indexChangeStat(ix))
	}

	d.WithRow(dashboard.NewRowBuilder("Tren per tahun: $wilayah, Sumatera Utara, Indonesia"))
	for _, ix := range bpsIndices {
		d.WithPanel(indexTrend(ix))
	}

	d.WithRow(dashboard.NewRowBuilder("Tabel"))
	d.WithPanel(tablePanel("Perbandingan wilayah, tahun $tahun",
		"IPG, IDG dan IKG tahun $tahun untuk $wilayah, Sumatera Utara dan Indonesia. "+
			"Indeks wilayah induk dihitung dari input wilayah itu sendiri, tidak dijumlahkan atau dirata-ratakan dari wilayah di bawahnya. "+
			"Sumber: metrik setara_gender_index (tabel gender_index).", 12, 7).
		Unit("none").
		Decimals(3).
		WithTarget(instantTable("A",
			`setara_gender_index{index=~"ipg|idg|ikg", region_name="$wilayah", year="$tahun"} or `+
				`setara_gender_index{index=~"ipg|idg|ikg", `+comparisonRegions+`, year="$tahun"}`)).
		WithTransformation(groupingToMatrix("index", "region_name")).
		WithTransformation(organize([][2]string{{`region_name\index`, "Wilayah"}, {"ipg", "IPG"}, {"idg", "IDG"}, {"ikg", "IKG"}})))
	d.WithPanel(tablePanel("Riwayat indeks $wilayah",
		"IPG, IDG dan IKG $wilayah untuk setiap tahun yang tersedia, terbaru di atas. "+
			"Sumber: metrik setara_gender_index (tabel gender_index).", 12, 7).
		Unit("none").
		Decimals(3).
		WithTarget(instantTable("A", `setara_gender_index{index=~"ipg|idg|ikg", region_name="$wilayah"}`)).
		WithTransformation(groupingToMatrix("index", "year")).
		WithTransformation(sortBy(`year\index`, true)).
		WithTransformation(organize([][2]string{{`year\index`, "Tahun"}, {"ipg", "IPG"}, {"idg", "IDG"}, {"ikg", "IKG"}})))
	return d
}

// indexValueStat is a stat panel of a value of ix, in its decimals, coloured by thresholds.
func indexValueStat(ix bpsIndex, title, description string) *stat.PanelBuilder {
	return statPanel(title, description, 4, common.BigValueColorModeValue).
		Unit("none").
		Decimals(ix.decimals).
		TextMode(common.BigValueTextModeValue)
}

func indexStat(ix bpsIndex) *stat.PanelBuilder {
	return indexValueStat(ix, ix.abbr+" $wilayah $tahun", ix.name+". "+ix.formula).
		Thresholds(steps("blue")).
		NoValue("Belum ada data").
		WithTarget(instant("A", `setara_gender_index{index="`+ix.code+`", region_name="$wilayah", year="$tahun"}`, ix.abbr+" {{year}}"))
}

func indexChangeStat(ix bpsIndex) *stat.PanelBuilder {
	better, worse := "green", "red"
	reading := "Positif berarti naik."
	if !ix.higherIsBetter {
		better, worse = worse, better
		reading = "Positif berarti ketimpangan naik (memburuk)."
	}
	expr := `setara_gender_index{index="` + ix.code + `", region_name="$wilayah", year="$tahun"}` +
		` - ignoring(year) ` +
		`setara_gender_index{index="` + ix.code + `", region_name="$wilayah", year="$tahun_banding"}`
	return indexValueStat(ix, "Perubahan "+ix.abbr+" vs $tahun_banding",
		"Selisih "+ix.abbr+" tahun $tahun dikurangi tahun $tahun_banding, dalam poin indeks. "+reading+" "+ix.formula).
		Thresholds(steps(worse, 0.0, better)).
		NoValue("Tidak ada tahun pembanding").
		WithTarget(instant("A", expr, "Δ "+ix.abbr))
}

func indexTrend(ix bpsIndex) *barchart.PanelBuilder {
	expr := `setara_gender_index{index="` + ix.code + `", region_name="$wilayah"} or ` +
		`setara_gender_index{index="` + ix.code + `", ` + comparisonRegions + `}`
	return barChart(ix.abbr+" per tahun",
		ix.name+" per tahun: $wilayah, Sumatera Utara dan Indonesia berdampingan (tahun adalah label data, bukan waktu scrape). "+ix.formula, 8, 9).
		Unit("none").
		Decimals(ix.decimals).
		Orientation(common.VizOrientationVertical).
		ShowValue(common.VisibilityModeAuto).
		XTickLabelRotation(0).
		Legend(common.NewVizLegendOptionsBuilder().ShowLegend(true).DisplayMode(common.LegendDisplayModeList).Placement(common.LegendPlacementBottom)).
		WithTarget(instantTable("A", expr)).
		WithTransformation(groupingToMatrix("region_name", "year")).
		WithTransformation(sortBy(`year\region_name`, false)).
		WithTransformation(organize([][2]string{{`year\region_name`, "Tahun"}}))
}

// sortBy sorts a frame by one field.
func sortBy(field string, desc bool) dashboard.DataTransformerConfig {
	return dashboard.DataTransformerConfig{
		Id:      "sortBy",
		Options: map[string]any{"sort": []any{map[string]any{"field": field, "desc": desc}}},
	}
}
