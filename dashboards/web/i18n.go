package web

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// locale formats labels, numbers and dates in one language.
type locale struct {
	Lang     string // "id" or "en": the html lang attribute and the ?lang value
	msgs     map[string]string
	decimal  string
	thousand string
	months   [12]string
}

var (
	wib = time.FixedZone("WIB", 7*3600) // Medan keeps Western Indonesian Time, no DST

	localeID = &locale{Lang: "id", msgs: messagesID, decimal: ",", thousand: ".", months: [12]string{
		"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}}
	localeEN = &locale{Lang: "en", msgs: messagesEN, decimal: ".", thousand: ",", months: [12]string{
		"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}}
)

// localeFor picks the locale of a ?lang value; anything but "en" is Indonesian.
func localeFor(lang string) *locale {
	if lang == "en" {
		return localeEN
	}
	return localeID
}

// T returns the message of key; a missing key shows as itself so it is noticed, never panics.
func (l *locale) T(key string) string {
	if m, ok := l.msgs[key]; ok {
		return m
	}
	return key
}

// Num formats v with the given number of decimals and the locale's separators.
func (l *locale) Num(v float64, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', decimals, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if v < 0 && strings.Trim(s, "0.") != "" {
		b.WriteString("−")
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(l.thousand)
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString(l.decimal)
		b.WriteString(frac)
	}
	return b.String()
}

// Int formats a count with thousands separators.
func (l *locale) Int(v float64) string { return l.Num(v, 0) }

// Signed formats a change with an explicit sign.
func (l *locale) Signed(v float64, decimals int) string {
	s := l.Num(v, decimals)
	if v > 0 && strings.Trim(strconv.FormatFloat(v, 'f', decimals, 64), "0.") != "" {
		return "+" + s
	}
	return s
}

// Percent formats a fraction 0-1 as a percentage.
func (l *locale) Percent(frac float64, decimals int) string {
	return l.Num(frac*100, decimals) + " %"
}

// Rupiah formats an amount compactly: "Rp 1,2 miliar" / "Rp 1.2 billion".
func (l *locale) Rupiah(v float64) string {
	abs := math.Abs(v)
	switch {
	case abs >= 1e12:
		return "Rp " + l.Num(v/1e12, 1) + " " + l.T("unit.trillion")
	case abs >= 1e9:
		return "Rp " + l.Num(v/1e9, 1) + " " + l.T("unit.billion")
	case abs >= 1e6:
		return "Rp " + l.Num(v/1e6, 1) + " " + l.T("unit.million")
	}
	return l.RupiahFull(v)
}

// RupiahFull formats an amount to the rupiah: "Rp 1.234.567".
func (l *locale) RupiahFull(v float64) string { return "Rp " + l.Num(v, 0) }

// Date formats a time as "5 Maret 2024 14.05 WIB" / "5 March 2024 14:05 WIB".
func (l *locale) Date(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	t = t.In(wib)
	sep := ":"
	if l.Lang == "id" {
		sep = "."
	}
	return strconv.Itoa(t.Day()) + " " + l.months[t.Month()-1] + " " + strconv.Itoa(t.Year()) + " " +
		twoDigits(t.Hour()) + sep + twoDigits(t.Minute()) + " WIB"
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// Pick returns the Indonesian or English variant of a catalog text.
func (l *locale) Pick(id, en string) string {
	if l.Lang == "en" && en != "" {
		return en
	}
	return id
}

var messagesID = map[string]string{
	"app.tagline":         "Data pengarusutamaan gender Kota Medan",
	"nav.summary":         "Ringkasan",
	"nav.regions":         "Wilayah",
	"nav.indicator":       "Indikator",
	"nav.program":         "Program OPD",
	"nav.data":            "Data",
	"nav.label":           "Navigasi utama",
	"lang.switch":         "English",
	"lang.switch.title":   "Show this page in English",
	"demo.banner":         "Data contoh (sintetis)",
	"demo.banner.note":    "Angka di halaman ini dibuat oleh generator data contoh, bukan data resmi.",
	"unit.trillion":       "triliun",
	"unit.billion":        "miliar",
	"unit.million":        "juta",
	"form.region":         "Wilayah",
	"form.year":           "Tahun",
	"form.indicator":      "Indikator",
	"form.measure":        "Ukuran",
	"form.show":           "Tampilkan",
	"form.indices":        "Indeks",
	"form.indicators":     "Indikator",
	"summary.title":       "Ringkasan indeks gender",
	"summary.lead":        "Indeks gender utama, tren, dan perbandingan dengan wilayah di atasnya.",
	"summary.change":      "Perubahan sejak",
	"summary.nochange":    "Belum ada tahun sebelumnya",
	"summary.compare":     "Perbandingan wilayah",
	"summary.none":        "Belum ada indeks gender untuk wilayah ini.",
	"summary.trend":       "Tren",
	"summary.table":       "Nilai indeks per tahun",
	"regions.title":       "Perbandingan wilayah",
	"regions.lead":        "Bandingkan kecamatan atau kabupaten/kota pada satu indikator atau indeks.",
	"regions.of":          "Wilayah di bawah",
	"regions.none":        "Tidak ada data untuk pilihan ini.",
	"regions.chart":       "Grafik batang",
	"indicator.title":     "Indikator menurut jenis kelamin",
	"indicator.lead":      "Perempuan (P) dan laki-laki (L) dari tahun ke tahun, dengan kesenjangannya.",
	"indicator.none":      "Tidak ada data indikator ini untuk wilayah ini.",
	"indicator.gap":       "Kesenjangan gender",
	"program.title":       "Program OPD responsif gender",
	"program.lead":        "Anggaran responsif gender, realisasi, capaian keluaran dan penerima manfaat per OPD.",
	"program.none":        "Belum ada data program untuk tahun ini.",
	"program.total":       "Total anggaran",
	"program.responsive":  "Anggaran responsif gender",
	"program.realization": "Realisasi",
	"program.benef":       "Penerima manfaat",
	"program.byopd":       "Per OPD",
	"program.groups":      "Menurut kelompok sasaran",
	"program.ranking":     "Peringkat OPD",
	"program.sharechart":  "Porsi anggaran responsif gender per OPD",
	"data.title":          "Status data",
	"data.lead":           "Pembaruan terakhir, berkas yang dimuat, baris yang ditolak, dan kelengkapan indeks.",
	"data.snapshot":       "Snapshot",
	"data.published":      "Diterbitkan",
	"data.lastrun":        "Pembaruan terakhir",
	"data.status":         "Status",
	"data.started":        "Mulai",
	"data.finished":       "Selesai",
	"data.error":          "Galat",
	"data.stages":         "Tahap",
	"data.checks":         "Pemeriksaan",
	"data.batches":        "Berkas yang dimuat",
	"data.rejected":       "Baris yang ditolak",
	"data.completeness":   "Kelengkapan data indeks",
	"data.norun":          "Belum ada riwayat pembaruan.",
	"data.norows":         "Tidak ada baris.",
	"data.rejected.more":  "Hanya %d baris pertama ditampilkan; unduh untuk semuanya.",
	"status.succeeded":    "berhasil",
	"status.failed":       "gagal",
	"status.running":      "berjalan",
	"status.loaded":       "dimuat",
	"status.rejected":     "ditolak",
	"sev.blocking":        "menghalangi",
	"sev.warning":         "peringatan",
	"yes":                 "ya",
	"no":                  "tidak",
	"col.region":          "Wilayah",
	"col.year":            "Tahun",
	"col.index":           "Indeks",
	"col.value":           "Nilai",
	"col.female":          "Perempuan (P)",
	"col.male":            "Laki-laki (L)",
	"col.total":           "Total (T)",
	"col.ratio":           "Rasio P/L",
	"col.difference":      "Selisih P−L",
	"col.unit":            "Satuan",
	"col.note":            "Catatan",
	"col.source":          "Sumber",
	"col.complete":        "Lengkap",
	"col.missing":         "Input yang belum ada",
	"col.opd":             "OPD",
	"col.activities":      "Kegiatan",
	"col.budget":          "Anggaran",
	"col.responsive":      "Anggaran responsif gender",
	"col.share":           "Porsi responsif",
	"col.realization":     "Realisasi",
	"col.realrate":        "Tingkat realisasi",
	"col.output":          "Capaian keluaran",
	"col.benf":            "Penerima P",
	"col.benm":            "Penerima L",
	"col.femshare":        "Porsi perempuan",
	"col.group":           "Kelompok sasaran",
	"col.rank":            "Peringkat",
	"col.score":           "Skor",
	"col.file":            "Berkas",
	"col.line":            "Baris",
	"col.column":          "Kolom",
	"col.reason":          "Alasan",
	"col.batch":           "Batch",
	"col.kind":            "Jenis",
	"col.format":          "Format",
	"col.accepted":        "Diterima",
	"col.rejected":        "Ditolak",
	"col.status":          "Status",
	"col.loaded":          "Dimuat",
	"col.stage":           "Tahap",
	"col.seconds":         "Detik",
	"col.rows":            "Baris",
	"col.check":           "Pemeriksaan",
	"col.severity":        "Tingkat",
	"col.failing":         "Baris bermasalah",
	"col.n":               "n (tanpa bobot)",
	"col.completecount":   "Wilayah-tahun lengkap",
	"group.perempuan":     "Perempuan",
	"group.disabilitas":   "Penyandang disabilitas",
	"group.lansia":        "Lanjut usia",
	"group.ibu_hamil":     "Ibu hamil",
	"group.anak":          "Anak",
	"sex.P":               "Perempuan",
	"sex.L":               "Laki-laki",
	"sex.T":               "Total",
	"download":            "Unduh",
	"download.csv":        "CSV",
	"download.xlsx":       "XLSX",
	"def":                 "Definisi",
	"def.formula":         "Rumus",
	"def.inputs":          "Input",
	"def.scale":           "Skala",
	"def.source":          "Sumber",
	"def.unit":            "Satuan",
	"def.batch":           "Batch",
	"def.n":               "n tanpa bobot",
	"def.origin":          "Asal",
	"origin.published":    "publikasi",
	"origin.microdata":    "mikrodata survei",
	"unreliable.note":     "— : estimasi dari mikrodata dengan jumlah sampel terlalu kecil (tidak andal), tidak ditampilkan.",
	"unreliable.shown":    "* : estimasi dari mikrodata dengan jumlah sampel kecil, tidak andal.",
	"unreliable.title":    "Tidak andal: jumlah sampel tanpa bobot terlalu kecil",
	"approx.note":         "≈ : nilai pendekatan",
	"incomplete.note":     "Input belum lengkap",
	"chart.years":         "Tahun",
	"chart.line.desc":     "Grafik garis; angka lengkap ada di tabel di bawahnya.",
	"chart.bar.desc":      "Grafik batang; angka lengkap ada di tabel di bawahnya.",
	"error.title":         "Terjadi kesalahan",
	"footer.report":       "Laporan PUG tahunan",
	"error.body":          "Halaman ini tidak dapat ditampilkan. Silakan coba lagi nanti.",
	"notfound.title":      "Tidak ditemukan",
	"notfound.body":       "Halaman atau wilayah yang diminta tidak ada.",
	"badrequest.title":    "Permintaan tidak valid",
	"nosnapshot.title":    "Belum ada data yang diterbitkan",
	"nosnapshot.body":     "Dasbor akan terisi setelah data pertama diproses. Jalankan `setara demo` untuk data contoh, atau `setara run` setelah memuat berkas.",
	"footer.snapshot":     "Data dari snapshot",
	"footer.about":        "setara — sistem data PUG",
	"sort.by":             "Urutkan menurut",
	"level.country":       "Negara",
	"level.province":      "Provinsi",
	"level.regency":       "Kabupaten/kota",
	"level.district":      "Kecamatan",
	"level.village":       "Kelurahan/desa",
	"topic.health":        "Kesehatan",
	"topic.education":     "Pendidikan",
	"topic.economy":       "Ekonomi",
	"topic.decision":      "Pengambilan keputusan",
	"topic.labour":        "Ketenagakerjaan",
	"topic.population":    "Kependudukan",
	"def.prog.budget":     "Pagu anggaran seluruh kegiatan OPD (rupiah).",
	"def.prog.responsive": "Anggaran kegiatan yang ditandai responsif gender (rupiah).",
	"def.prog.share":      "Porsi responsif = anggaran responsif gender / total anggaran.",
	"def.prog.realrate":   "Tingkat realisasi = realisasi / anggaran.",
	"def.prog.output":     "Capaian keluaran = keluaran terealisasi / target keluaran.",
	"def.prog.benef":      "Jumlah penerima manfaat menurut jenis kelamin (P = perempuan, L = laki-laki).",
	"def.prog.femshare":   "Porsi perempuan = penerima perempuan / seluruh penerima.",
	"def.prog.score":      "Skor peringkat OPD dari porsi responsif, tingkat realisasi, capaian keluaran dan porsi perempuan.",
	"def.ratio":           "Rasio P/L = nilai perempuan / nilai laki-laki (1 = setara).",
	"def.difference":      "Selisih P−L = nilai perempuan − nilai laki-laki, dalam satuan indikator.",
	"def.source.program":  "Sumber: laporan program dan kegiatan OPD",
}

var messagesEN = map[string]string{
	"app.tagline":         "Gender mainstreaming data for Kota Medan",
	"nav.summary":         "Summary",
	"nav.regions":         "Regions",
	"nav.indicator":       "Indicator",
	"nav.program":         "OPD programs",
	"nav.data":            "Data",
	"nav.label":           "Main navigation",
	"lang.switch":         "Bahasa Indonesia",
	"lang.switch.title":   "Tampilkan halaman ini dalam Bahasa Indonesia",
	"demo.banner":         "Sample data (synthetic)",
	"demo.banner.note":    "The figures on this page come from the sample data generator, not from official data.",
	"unit.trillion":       "trillion",
	"unit.billion":        "billion",
	"unit.million":        "million",
	"form.region":         "Region",
	"form.year":           "Year",
	"form.indicator":      "Indicator",
	"form.measure":        "Measure",
	"form.show":           "Show",
	"form.indices":        "Indices",
	"form.indicators":     "Indicators",
	"summary.title":       "Gender index summary",
	"summary.lead":        "Headline gender indices, their trend, and how they compare with the regions above.",
	"summary.change":      "Change since",
	"summary.nochange":    "No previous year yet",
	"summary.compare":     "Regional comparison",
	"summary.none":        "No gender index for this region yet.",
	"summary.trend":       "Trend",
	"summary.table":       "Index values by year",
	"regions.title":       "Regional comparison",
	"regions.lead":        "Compare districts (kecamatan) or regencies and cities on one indicator or index.",
	"regions.of":          "Regions within",
	"regions.none":        "No data for this selection.",
	"regions.chart":       "Bar chart",
	"indicator.title":     "Indicator by sex",
	"indicator.lead":      "Women (P) and men (L) year by year, with the gap between them.",
	"indicator.none":      "No data for this indicator in this region.",
	"indicator.gap":       "Gender gap",
	"program.title":       "Gender-responsive OPD programs",
	"program.lead":        "Gender-responsive budget, realization, output achievement and beneficiaries per OPD.",
	"program.none":        "No program data for this year yet.",
	"program.total":       "Total budget",
	"program.responsive":  "Gender-responsive budget",
	"program.realization": "Realization",
	"program.benef":       "Beneficiaries",
	"program.byopd":       "By OPD",
	"program.groups":      "By target group",
	"program.ranking":     "OPD ranking",
	"program.sharechart":  "Gender-responsive budget share by OPD",
	"data.title":          "Data status",
	"data.lead":           "Last refresh, loaded files, rejected rows, and index completeness.",
	"data.snapshot":       "Snapshot",
	"data.published":      "Published",
	"data.lastrun":        "Last refresh",
	"data.status":         "Status",
	"data.started":        "Started",
	"data.finished":       "Finished",
	"data.error":          "Error",
	"data.stages":         "Stages",
	"data.checks":         "Checks",
	"data.batches":        "Loaded files",
	"data.rejected":       "Rejected rows",
	"data.completeness":   "Index data completeness",
	"data.norun":          "No refresh history yet.",
	"data.norows":         "No rows.",
	"data.rejected.more":  "Only the first %d rows are shown; download for all of them.",
	"status.succeeded":    "succeeded",
	"status.failed":       "failed",
	"status.running":      "running",
	"status.loaded":       "loaded",
	"status.rejected":     "rejected",
	"sev.blocking":        "blocking",
	"sev.warning":         "warning",
	"yes":                 "yes",
	"no":                  "no",
	"col.region":          "Region",
	"col.year":            "Year",
	"col.index":           "Index",
	"col.value":           "Value",
	"col.female":          "Female (P)",
	"col.male":            "Male (L)",
	"col.total":           "Total (T)",
	"col.ratio":           "Ratio P/L",
	"col.difference":      "Difference P−L",
	"col.unit":            "Unit",
	"col.note":            "Note",
	"col.source":          "Source",
	"col.complete":        "Complete",
	"col.missing":         "Missing inputs",
	"col.opd":             "OPD",
	"col.activities":      "Activities",
	"col.budget":          "Budget",
	"col.responsive":      "Gender-responsive budget",
	"col.share":           "Responsive share",
	"col.realization":     "Realization",
	"col.realrate":        "Realization rate",
	"col.output":          "Output achievement",
	"col.benf":            "Beneficiaries P",
	"col.benm":            "Beneficiaries L",
	"col.femshare":        "Female share",
	"col.group":           "Target group",
	"col.rank":            "Rank",
	"col.score":           "Score",
	"col.file":            "File",
	"col.line":            "Line",
	"col.column":          "Column",
	"col.reason":          "Reason",
	"col.batch":           "Batch",
	"col.kind":            "Kind",
	"col.format":          "Format",
	"col.accepted":        "Accepted",
	"col.rejected":        "Rejected",
	"col.status":          "Status",
	"col.loaded":          "Loaded",
	"col.stage":           "Stage",
	"col.seconds":         "Seconds",
	"col.rows":            "Rows",
	"col.check":           "Check",
	"col.severity":        "Severity",
	"col.failing":         "Failing rows",
	"col.n":               "n (unweighted)",
	"col.completecount":   "Complete region-years",
	"group.perempuan":     "Women",
	"group.disabilitas":   "People with disabilities",
	"group.lansia":        "Older people",
	"group.ibu_hamil":     "Pregnant women",
	"group.anak":          "Children",
	"sex.P":               "Female",
	"sex.L":               "Male",
	"sex.T":               "Total",
	"download":            "Download",
	"download.csv":        "CSV",
	"download.xlsx":       "XLSX",
	"def":                 "Definition",
	"def.formula":         "Formula",
	"def.inputs":          "Inputs",
	"def.scale":           "Scale",
	"def.source":          "Source",
	"def.unit":            "Unit",
	"def.batch":           "Batch",
	"def.n":               "unweighted n",
	"def.origin":          "Origin",
	"origin.published":    "publication",
	"origin.microdata":    "survey microdata",
	"unreliable.note":     "— : microdata estimate from too small a sample (unreliable), not shown.",
	"unreliable.shown":    "* : microdata estimate from a small sample, unreliable.",
	"unreliable.title":    "Unreliable: unweighted sample too small",
	"approx.note":         "≈ : approximate value",
	"incomplete.note":     "Inputs incomplete",
	"chart.years":         "Year",
	"chart.line.desc":     "Line chart; the full figures are in the table below it.",
	"chart.bar.desc":      "Bar chart; the full figures are in the table below it.",
	"error.title":         "Something went wrong",
	"footer.report":       "Annual PUG report",
	"error.body":          "This page cannot be shown. Please try again later.",
	"notfound.title":      "Not found",
	"notfound.body":       "The requested page or region does not exist.",
	"badrequest.title":    "Invalid request",
	"nosnapshot.title":    "Nothing published yet",
	"nosnapshot.body":     "The dashboard fills in once the first data has been processed. Run `setara demo` for sample data, or `setara run` after loading files.",
	"footer.snapshot":     "Data from snapshot",
	"footer.about":        "setara — PUG data system",
	"sort.by":             "Sort by",
	"level.country":       "Country",
	"level.province":      "Province",
	"level.regency":       "Regency/city",
	"level.district":      "District",
	"level.village":       "Village",
	"topic.health":        "Health",
	"topic.education":     "Education",
	"topic.economy":       "Economy",
	"topic.decision":      "Decision-making",
	"topic.labour":        "Labour",
	"topic.population":    "Population",
	"def.prog.budget":     "Budget ceiling of all OPD activities (rupiah).",
	"def.prog.responsive": "Budget of activities tagged gender responsive (rupiah).",
	"def.prog.share":      "Responsive share = gender-responsive budget / total budget.",
	"def.prog.realrate":   "Realization rate = realization / budget.",
	"def.prog.output":     "Output achievement = realized output / output target.",
	"def.prog.benef":      "Beneficiaries by sex (P = female, L = male).",
	"def.prog.femshare":   "Female share = female beneficiaries / all beneficiaries.",
	"def.prog.score":      "OPD ranking score from responsive share, realization rate, output achievement and female share.",
	"def.ratio":           "Ratio P/L = female value / male value (1 = parity).",
	"def.difference":      "Difference P−L = female value − male value, in the indicator's unit.",
	"def.source.program":  "Source: OPD program and activity reports",
}
