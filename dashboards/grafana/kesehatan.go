package grafana

import (
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/stat"
)

// Staleness thresholds of the operations dashboard, in seconds. The 36 h limit is the alert's.
const (
	staleWarnSeconds  = 24 * 3600
	staleAlertSeconds = 36 * 3600
)

// dataAgeExpr is the age of the data: since the last successful refresh or, when no refresh
// has succeeded yet (the metric is 0), since the snapshot was published by setara run or demo.
// The alert SetaraRefreshStale uses the same expression.
const dataAgeExpr = `time() - max(setara_refresh_last_success_timestamp_seconds{job="setara"} > 0 or setara_snapshot_timestamp_seconds{job="setara"})`

// kesehatanPipeline is the operations view: refresh outcome and age, stage durations, rows
// accepted and rejected, checks, the published snapshot, and the scrape itself.
func kesehatanPipeline() *dashboard.DashboardBuilder {
	d := newDashboard("setara-kesehatan-pipeline", "Kesehatan Pipeline",
		"Untuk operator: refresh terakhir (berhasil/gagal, umur, durasi), durasi per tahap, baris diterima dan "+
			"ditolak per jenis berkas, hasil pemeriksaan data, snapshot yang sedang dipublikasikan, dan kesehatan scrape "+
			"Prometheus (up{job=\"setara\"}).")

	d.WithRow(dashboard.NewRowBuilder("Status"))
	d.WithPanel(statPanel("Scrape setara",
		"up{job=\"setara\"}: 1 bila Prometheus berhasil mengambil /metrics setara pada scrape terakhir, 0 bila gagal. "+
			"Sumber: Prometheus.", 4, common.BigValueColorModeBackground).
		Unit("none").
		Mappings(valueText([3]string{"0", "Mati", "red"}, [3]string{"1", "Hidup", "green"})).
		Thresholds(steps("red", 1.0, "green")).
		NoValue("Tidak ada target").
		WithTarget(instant("A", `min(up{job="setara"})`, "")))
	d.WithPanel(statPanel("Status refresh terakhir",
		"Gagal bila kegagalan refresh terakhir lebih baru daripada keberhasilan terakhir: "+
			"setara_refresh_last_failure_timestamp_seconds > setara_refresh_last_success_timestamp_seconds "+
			"(0 berarti belum pernah). Sumber: metrik refresh setara.", 4, common.BigValueColorModeBackground).
		Unit("none").
		Mappings(valueText([3]string{"0", "Berhasil", "green"}, [3]string{"1", "Gagal", "red"})).
		Thresholds(steps("green", 1.0, "red")).
		WithTarget(instant("A",
			`max(setara_refresh_last_failure_timestamp_seconds{job="setara"}) > bool max(setara_refresh_last_success_timestamp_seconds{job="setara"})`, "")))
	d.WithPanel(timestampStat("Refresh berhasil terakhir",
		"Waktu akhir refresh terakhir yang berhasil mempublikasikan snapshot: setara_refresh_last_success_timestamp_seconds; "+
			"\"Belum pernah\" bila nilainya 0 (belum ada refresh; snapshot dari setara run atau setara demo). Sumber: metrik refresh setara.",
		"setara_refresh_last_success_timestamp_seconds", "orange"))
	d.WithPanel(ageStat("Umur data",
		"Umur = waktu sekarang − waktu refresh terakhir yang berhasil (setara_refresh_last_success_timestamp_seconds), "+
			"atau − waktu publikasi snapshot (setara_snapshot_timestamp_seconds) bila belum pernah ada refresh. Kuning setelah 24 jam; "+
			"merah setelah 36 jam (batas peringatan SetaraRefreshStale). Sumber: metrik refresh dan snapshot setara.",
		4, dataAgeExpr))
	d.WithPanel(statPanel("Durasi refresh terakhir",
		"Lama refresh terakhir dari awal hingga publikasi: setara_refresh_duration_seconds. Sumber: metrik refresh setara.",
		4, common.BigValueColorModeNone).
		Unit("s").
		GraphMode(common.BigValueGraphModeArea).
		WithTarget(instant("A", `max(setara_refresh_duration_seconds{job="setara"})`, "")))
	d.WithPanel(timestampStat("Kegagalan refresh terakhir",
		"Waktu kegagalan refresh terakhir: setara_refresh_last_failure_timestamp_seconds; "+
			"\"Belum pernah\" bila nilainya 0. Sumber: metrik refresh setara.",
		"setara_refresh_last_failure_timestamp_seconds", "green"))

	d.WithRow(dashboard.NewRowBuilder("Snapshot"))
	d.WithPanel(statPanel("Snapshot aktif",
		"Run dan berkas snapshot yang sedang dibaca setara (setara_snapshot_info{run_id, snapshot}). Sumber: published/CURRENT.",
		8, common.BigValueColorModeNone).
		Unit("none").
		TextMode(common.BigValueTextModeName).
		WithTarget(instant("A", `setara_snapshot_info{job="setara"}`, "run {{run_id}}: {{snapshot}}")))
	d.WithPanel(ageStat("Umur snapshot",
		"Umur = waktu sekarang − setara_snapshot_timestamp_seconds (waktu publikasi snapshot). Sumber: snapshot_info.",
		8, `time() - max(setara_snapshot_timestamp_seconds{job="setara"})`))
	d.WithPanel(statPanel("Berkas inbox per hasil",
		"Jumlah berkas inbox yang diambil refresh sejak server mulai, menurut hasil: loaded (dimuat), unchanged "+
			"(sudah pernah dimuat), failed (ada baris ditolak; dipindah ke failed/ dengan NAMA.errors.csv): "+
			"setara_refresh_files_total{outcome}. Sumber: metrik refresh setara.", 8, common.BigValueColorModeNone).
		Unit("short").
		TextMode(common.BigValueTextModeValueAndName).
		WithTarget(instant("A", `sum by (outcome) (setara_refresh_files_total{job="setara"})`, "{{outcome}}")))

	d.WithRow(dashboard.NewRowBuilder("Tahap pipeline"))
	d.WithPanel(barGauge("Durasi per tahap (run terakhir)",
		"Lama setiap tahap SQL pada run terakhir, terlama di atas: setara_stage_duration_seconds{stage}. Sumber: run_stage.", 12, 10).
		Unit("s").
		WithTarget(instant("A", `sort_desc(setara_stage_duration_seconds{job="setara"})`, "{{stage}}")))
	d.WithPanel(timeSeries("Durasi per tahap dari waktu ke waktu",
		"setara_stage_duration_seconds{stage} menurut waktu scrape: berubah setiap kali run baru dipublikasikan. Sumber: run_stage.", 12, 10).
		Unit("s").
		Legend(common.NewVizLegendOptionsBuilder().ShowLegend(true).DisplayMode(common.LegendDisplayModeTable).Placement(common.LegendPlacementRight).Calcs([]string{"lastNotNull"})).
		WithTarget(rangeQuery("A", `setara_stage_duration_seconds{job="setara"}`, "{{stage}}")))

	d.WithRow(dashboard.NewRowBuilder("Data masuk dan pemeriksaan"))
	d.WithPanel(barChart("Baris diterima dan ditolak per jenis berkas",
		"Jumlah baris diterima dan ditolak menurut jenis berkas (regions, indicators, microdata, programs): "+
			"setara_ingest_rows_total{kind, outcome}. Baris yang ditolak tersimpan dengan berkas, baris, kolom dan alasannya "+
			"(tabel rejected_rows). Sumber: tabel batch dan rejected_rows.", 12, 10).
		Unit("short").
		Orientation(common.VizOrientationHorizontal).
		Stacking(common.StackingModeNormal).
		ShowValue(common.VisibilityModeAuto).
		WithTarget(instantTable("A", `sum by (kind, outcome) (setara_ingest_rows_total{job="setara"})`)).
		WithTransformation(groupingToMatrix("outcome", "kind")).
		WithTransformation(sortBy(`kind\outcome`, false)).
		WithTransformation(organize([][2]string{{`kind\outcome`, "Jenis berkas"}, {"accepted", "Diterima"}, {"rejected", "Ditolak"}})).
		OverrideByName("Diterima", []dashboard.DynamicConfigValue{{Id: "color", Value: map[string]any{"mode": "fixed", "fixedColor": "green"}}}).
		OverrideByName("Ditolak", []dashboard.DynamicConfigValue{{Id: "color", Value: map[string]any{"mode": "fixed", "fixedColor": "red"}}}))
	d.WithPanel(tablePanel("Pemeriksaan data",
		"Jumlah baris yang gagal setiap pemeriksaan data pada run terakhir: setara_check_failing_rows{check, severity}; "+
			"0 berarti lolos. Sumber: run_check.", 12, 10).
		Unit("short").
		Decimals(0).
		WithTarget(instantTable("A", `setara_check_failing_rows{job="setara"}`)).
		WithTransformation(sortBy("Value", true)).
		WithTransformation(organize([][2]string{{"check", "Pemeriksaan"}, {"severity", "Tingkat"}, {"Value", "Baris gagal"}})))

	d.WithRow(dashboard.NewRowBuilder("Scrape Prometheus"))
	d.WithPanel(timeSeries("Kesehatan scrape",
		"up{job=\"setara\"} menurut waktu: 1 scrape berhasil, 0 gagal. Sumber: Prometheus.", 12, 8).
		Unit("none").
		Min(0).Max(1).
		Mappings(valueText([3]string{"0", "Mati", "red"}, [3]string{"1", "Hidup", "green"})).
		WithTarget(rangeQuery("A", `up{job="setara"}`, "{{instance}}")))
	d.WithPanel(timeSeries("Durasi scrape",
		"Lama Prometheus mengambil /metrics setara: scrape_duration_seconds{job=\"setara\"}. Sumber: Prometheus.", 12, 8).
		Unit("s").
		WithTarget(rangeQuery("A", `scrape_duration_seconds{job="setara"}`, "{{instance}}")))
	return d
}

// timestampStat shows when a refresh timestamp metric last changed ("Belum pernah", in
// neverColor, while it is 0).
func timestampStat(title, description, metric, neverColor string) *stat.PanelBuilder {
	return statPanel(title, description, 4, common.BigValueColorModeNone).
		Unit("dateTimeFromNow").
		Mappings(valueText([3]string{"0", "Belum pernah", neverColor})).
		WithTarget(instant("A", `max(`+metric+`{job="setara"}) * 1000`, ""))
}

// ageStat shows an age in whole seconds, orange after staleWarnSeconds and red after
// staleAlertSeconds.
func ageStat(title, description string, span uint32, expr string) *stat.PanelBuilder {
	return statPanel(title, description, span, common.BigValueColorModeValue).
		Unit("s").
		Decimals(0).
		Thresholds(steps("green", float64(staleWarnSeconds), "orange", float64(staleAlertSeconds), "red")).
		WithTarget(instant("A", expr, ""))
}
