package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Lang is the report language.
type Lang string

// The report languages.
const (
	Indonesian Lang = "id"
	English    Lang = "en"
)

// ParseLang accepts "id" (also "") and "en".
func ParseLang(s string) (Lang, error) {
	switch strings.ToLower(s) {
	case "", "id":
		return Indonesian, nil
	case "en":
		return English, nil
	}
	return "", fmt.Errorf("report: language %q: expected id or en", s)
}

// T returns the label key in the language; an unknown key is returned as is.
func (l Lang) T(key string) string {
	p, ok := labels[key]
	if !ok {
		return key
	}
	if l == English {
		return p[1]
	}
	return p[0]
}

// labels: key -> {Indonesian, English}.
var labels = map[string][2]string{
	"title":                          {"Laporan Hasil Pengendalian dan Evaluasi Pelaksanaan Program/Kegiatan Responsif Gender", "Report on the Monitoring and Evaluation of Gender-Responsive Programs and Activities"},
	"subtitle":                       {"Pengarusutamaan Gender (PUG)", "Gender Mainstreaming (PUG)"},
	"year":                           {"Tahun", "Year"},
	"region":                         {"Wilayah", "Region"},
	"snapshot":                       {"Snapshot data", "Data snapshot"},
	"published":                      {"Diterbitkan", "Published"},
	"demo_banner":                    {"DATA CONTOH (SINTETIS): angka dalam laporan ini dibuat oleh generator demo setara dan bukan statistik resmi.", "SAMPLE DATA (SYNTHETIC): the figures in this report come from setara's demo generator and are not official statistics."},
	"contents":                       {"Daftar Isi", "Contents"},
	"sec_indices":                    {"Indeks Gender", "Gender Indices"},
	"sec_indicators":                 {"Indikator Terpilah menurut Jenis Kelamin", "Sex-Disaggregated Indicators"},
	"sec_districts":                  {"Perbandingan Antar-Kecamatan", "Comparison of Kecamatan"},
	"sec_programs":                   {"Program dan Kegiatan OPD", "OPD Programs and Activities"},
	"sec_groups":                     {"Kelompok Sasaran", "Target Groups"},
	"sec_ranking":                    {"Peringkat OPD", "OPD Ranking"},
	"sec_complete":                   {"Kelengkapan Data Terpilah", "Completeness of Sex-Disaggregated Data"},
	"sec_methods":                    {"Metode dan Sumber Data", "Methods and Sources"},
	"sec_microdata":                  {"Estimasi dari Data Mikro", "Estimates from Microdata"},
	"sec_notes":                      {"Sumber dan Catatan", "Sources and Notes"},
	"not_available":                  {"Data tidak tersedia dalam snapshot ini", "Data not available in this snapshot"},
	"table_missing":                  {"tabel belum diterbitkan", "table not published"},
	"no_rows":                        {"Tidak ada data untuk tahun ini.", "No data for this year."},
	"index":                          {"Indeks", "Index"},
	"value":                          {"Nilai", "Value"},
	"change":                         {"Perubahan", "Change"},
	"change_note":                    {"Perubahan dibanding tahun sebelumnya.", "Change since the previous year."},
	"approx":                         {"perkiraan", "approximation"},
	"indicator":                      {"Indikator", "Indicator"},
	"unit":                           {"Satuan", "Unit"},
	"female":                         {"Perempuan", "Female"},
	"male":                           {"Laki-laki", "Male"},
	"total":                          {"Total", "Total"},
	"ratio":                          {"Rasio P/L", "Ratio F/M"},
	"difference":                     {"Selisih P−L", "Difference F−M"},
	"kecamatan":                      {"Kecamatan", "Kecamatan"},
	"opd":                            {"OPD", "OPD"},
	"code":                           {"Kode", "Code"},
	"activities":                     {"Kegiatan", "Activities"},
	"responsive_act":                 {"Kegiatan responsif gender", "Gender-responsive activities"},
	"budget":                         {"Anggaran", "Budget"},
	"realization":                    {"Realisasi", "Realization"},
	"realization_rate":               {"Tingkat realisasi", "Realization rate"},
	"responsive_budget":              {"Anggaran responsif gender", "Gender-responsive budget"},
	"responsive_share":               {"Porsi responsif gender", "Gender-responsive share"},
	"output":                         {"Capaian output", "Output achievement"},
	"benef_f":                        {"Penerima manfaat P", "Beneficiaries F"},
	"benef_m":                        {"Penerima manfaat L", "Beneficiaries M"},
	"female_share":                   {"Porsi perempuan", "Female share"},
	"total_city":                     {"Jumlah", "Total"},
	"target_group":                   {"Kelompok sasaran", "Target group"},
	"rank":                           {"Peringkat", "Rank"},
	"score":                          {"Skor", "Score"},
	"complete":                       {"Lengkap", "Complete"},
	"incomplete":                     {"Belum lengkap", "Incomplete"},
	"status":                         {"Status", "Status"},
	"missing":                        {"Data yang belum tersedia", "Data still missing"},
	"regions":                        {"Wilayah", "Regions"},
	"n_kecamatan":                    {"kecamatan", "kecamatan"},
	"opd_lacks":                      {"Kekurangan data terpilah", "Missing sex-disaggregated data"},
	"no_benef":                       {"penerima manfaat menurut jenis kelamin", "beneficiaries by sex"},
	"no_output":                      {"capaian output", "output achievement"},
	"all_complete":                   {"Semua OPD melaporkan penerima manfaat terpilah dan capaian output.", "Every OPD reports beneficiaries by sex and output achievement."},
	"name":                           {"Nama", "Name"},
	"scale":                          {"Skala", "Scale"},
	"formula":                        {"Rumus", "Formula"},
	"inputs":                         {"Data masukan", "Inputs"},
	"source":                         {"Sumber", "Source"},
	"cells":                          {"Sel estimasi", "Estimate cells"},
	"n_min":                          {"n terkecil", "Smallest n"},
	"unreliable":                     {"Tidak andal", "Unreliable"},
	"sex":                            {"Jenis kelamin", "Sex"},
	"n":                              {"n (tanpa bobot)", "n (unweighted)"},
	"flag_micro":                     {"* estimasi dari data mikro survei (indicator_value.origin = 'microdata').", "* estimate from survey microdata (indicator_value.origin = 'microdata')."},
	"flag_unrel":                     {"† estimasi tidak andal: jumlah sampel tanpa bobot di bawah ambang batas.", "† unreliable estimate: unweighted sample count below the threshold."},
	"ratio_note":                     {"Rasio P/L = 1 berarti setara; selisih dalam satuan indikator.", "A F/M ratio of 1 means parity; the difference is in the indicator's unit."},
	"share_chart":                    {"Porsi anggaran responsif gender per OPD", "Gender-responsive share of the budget by OPD"},
	"benef_chart":                    {"Penerima manfaat menurut kelompok sasaran", "Beneficiaries by target group"},
	"indices_intro":                  {"Indeks Pembangunan Gender (IPG), Indeks Pemberdayaan Gender (IDG) dan Indeks Ketimpangan Gender (IKG) wilayah, dibandingkan dengan provinsi dan nasional.", "The Gender Development Index (IPG), Gender Empowerment Index (IDG) and Gender Inequality Index (IKG) of the region, beside its province and Indonesia."},
	"ikg_lower":                      {"IKG: makin kecil makin setara.", "IKG: lower means more equal."},
	"complete_intro":                 {"Data terpilah menurut jenis kelamin adalah prasyarat PUG. Tabel berikut menunjukkan data yang masih kurang untuk setiap indeks dan setiap OPD.", "Sex-disaggregated data is a prerequisite of gender mainstreaming. These tables show what each index and each OPD still lacks."},
	"generated":                      {"Dibuat oleh setara dari snapshot", "Produced by setara from snapshot"},
	"page":                           {"Halaman", "Page"},
	"topic_education":                {"Pendidikan", "Education"},
	"topic_health":                   {"Kesehatan", "Health"},
	"topic_labour":                   {"Ketenagakerjaan", "Labour"},
	"topic_economy":                  {"Ekonomi", "Economy"},
	"topic_decision":                 {"Pengambilan keputusan", "Decision-making"},
	"topic":                          {"Bidang", "Topic"},
	"tg_perempuan":                   {"Perempuan", "Women"},
	"tg_disabilitas":                 {"Penyandang disabilitas", "People with disabilities"},
	"tg_lansia":                      {"Lanjut usia", "Older people"},
	"tg_ibu_hamil":                   {"Ibu hamil", "Pregnant women"},
	"tg_anak":                        {"Anak", "Children"},
	"idx_ipg":                        {"IPG", "IPG (GDI)"},
	"idx_idg":                        {"IDG", "IDG (GEM)"},
	"idx_ikg":                        {"IKG", "IKG (GII)"},
	"sex_P":                          {"P", "F"},
	"sex_L":                          {"L", "M"},
	"sex_T":                          {"T", "T"},
	"key":                            {"Keterangan", "Note"},
	"lang":                           {"Bahasa", "Language"},
	"tables_missing":                 {"Tabel yang tidak ada dalam snapshot", "Tables missing from the snapshot"},
	"rupiah":                         {"Rp", "Rp"},
	"percent":                        {"%", "%"},
	"persons":                        {"orang", "persons"},
	"sheet_summary":                  {"Ringkasan Indeks", "Index Summary"},
	"sheet_series":                   {"Indeks per Tahun", "Indices by Year"},
	"sheet_indicators":               {"Indikator", "Indicators"},
	"sheet_districts":                {"Kecamatan", "Kecamatan"},
	"programs_total":                 {"Pada tahun ini %d OPD mengelola anggaran %s, di antaranya %s (%s) untuk kegiatan responsif gender; realisasi %s (%s).", "This year %d OPDs managed a budget of %s, of which %s (%s) went to gender-responsive activities; realization %s (%s)."},
	"sheet_budget":                   {"Anggaran OPD", "OPD Budget"},
	"sheet_output":                   {"Output OPD", "OPD Output"},
	"opd_budget":                     {"Anggaran dan realisasi per OPD", "Budget and realization by OPD"},
	"opd_output":                     {"Capaian output dan penerima manfaat per OPD", "Output achievement and beneficiaries by OPD"},
	"responsive_act_short":           {"Kegiatan RG", "GR activities"},
	"sheet_groups":                   {"Kelompok Sasaran", "Target Groups"},
	"sheet_ranking":                  {"Peringkat OPD", "OPD Ranking"},
	"sheet_index_gaps":               {"Kelengkapan Indeks", "Index Completeness"},
	"sheet_opd_gaps":                 {"Kelengkapan OPD", "OPD Completeness"},
	"sheet_methods":                  {"Metode", "Methods"},
	"sheet_micro":                    {"Data Mikro", "Microdata"},
	"sheet_unrel":                    {"Tidak Andal", "Unreliable"},
	"sheet_notes":                    {"Sumber & Catatan", "Sources & Notes"},
	"key_labour_force_participation": {"TPAK (%)", "LFPR (%)"},
	"key_senior_high_education":      {"SMA+ (%)", "Senior high+ (%)"},
	"key_mean_schooling":             {"RLS (tahun)", "Mean schooling (years)"},
	"index_series":                   {"Indeks menurut tahun", "Indices by year"},
	"index_summary":                  {"Ringkasan indeks", "Index summary"},
	"series_chart":                   {"perkembangan", "over time"},
	"opd_gaps":                       {"Kekurangan data terpilah per OPD", "Missing sex-disaggregated data by OPD"},
	"index_gaps":                     {"Kelengkapan data masukan indeks", "Completeness of index inputs"},
	"unreliable_cells":               {"Estimasi yang ditandai tidak andal", "Estimates flagged unreliable"},
	"microdata_intro":                {"Angka berikut diestimasi dari data mikro survei (tertimbang), bukan diambil dari publikasi; setiap sel membawa jumlah sampel tanpa bobot.", "These figures are weighted estimates from survey microdata, not taken from publications; each cell carries its unweighted sample count."},
	"opd_count":                      {"OPD", "OPDs"},
	"item":                           {"Butir", "Item"},
	"demo":                           {"Data contoh (sintetis)", "Sample data (synthetic)"},
	"yes":                            {"ya", "yes"},
	"no":                             {"tidak", "no"},
	"programs_intro":                 {"Anggaran, realisasi dan capaian program/kegiatan per OPD; porsi responsif gender = anggaran kegiatan responsif gender dibagi seluruh anggaran OPD.", "Budget, realization and output by OPD; the gender-responsive share is the budget of gender-responsive activities over the OPD's whole budget."},
	"ranking_intro":                  {"Peringkat OPD sebagaimana diterbitkan (tabel opd_ranking).", "The OPD ranking as published (table opd_ranking)."},
	"none_unreliable":                {"Tidak ada estimasi yang ditandai tidak andal.", "No estimate is flagged unreliable."},
}

// separators returns the thousands and decimal separators of the language.
func (l Lang) separators() (thousands, decimal string) {
	if l == English {
		return ",", "."
	}
	return ".", ","
}

// Num formats v with dec decimals: 94,75 (id) or 94.75 (en); "–" for NaN.
func (l Lang) Num(v float64, dec int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	s := strconv.FormatFloat(v, 'f', dec, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	th, dp := l.separators()
	var b strings.Builder
	if neg && strings.Trim(s, "0.") != "" {
		b.WriteString("−")
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(th)
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString(dp)
		b.WriteString(frac)
	}
	return b.String()
}

// Signed is Num with a leading + for positive values.
func (l Lang) Signed(v float64, dec int) string {
	s := l.Num(v, dec)
	if v > 0 && strings.Trim(s, "0.,") != "" {
		return "+" + s
	}
	return s
}

// Rupiah formats an amount as Rp 1.234.567.890 (id) or Rp 1,234,567,890 (en).
func (l Lang) Rupiah(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return "Rp " + l.Num(math.Round(v), 0)
}

// Percent formats a fraction 0-1 as a percentage with dec decimals: 91,9 %.
func (l Lang) Percent(frac float64, dec int) string {
	if math.IsNaN(frac) {
		return "–"
	}
	return l.Num(frac*100, dec) + "%"
}
