package ingest

import (
	"regexp"
	"strings"
)

// ReasonID is a rejected row's or a file's reason in Indonesian, for the surfaces people read
// in Indonesian (the web's upload page, the annotated workbook). Reasons are made in English
// by the checks; each form they take has a rule here, and TestReasonsHaveIndonesian keeps every
// reason the tests meet covered. A reason no rule knows is returned as it is (English), never
// half translated.
func ReasonID(reason string) string {
	head, expected, ok := strings.Cut(reason, " (expected ")
	if ok {
		if !strings.HasSuffix(expected, ")") {
			return reason
		}
		expected = strings.TrimSuffix(expected, ")")
	}
	h, okHead := translate(headRules, head)
	if !okHead {
		return reason
	}
	h = placeWords.ReplaceAllString(h, "${1}baris $2")
	h = columnWord.ReplaceAllString(h, " kolom $1")
	if !ok {
		return h
	}
	e, okExp := translate(expectedRules, expected)
	if !okExp {
		return reason
	}
	return h + " (seharusnya " + e + ")"
}

// The places a cross-row reason names, "(line 2)", "(lfp.csv line 4, batch 2)", "(line 3
// column D)", in Indonesian.
var (
	placeWords = regexp.MustCompile(`(\(|\.csv |\.xlsx |\.parquet )line (\d+)`)
	columnWord = regexp.MustCompile(` column ([A-Z]+)\b`)
)

// rule rewrites text matching re (anchored) to the Indonesian template (regexp.Expand syntax).
type rule struct {
	re *regexp.Regexp
	id string
}

func rules(pairs ...string) []rule {
	out := make([]rule, 0, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, rule{regexp.MustCompile(`^(?s:` + pairs[i] + `)$`), pairs[i+1]})
	}
	return out
}

func translate(list []rule, text string) (string, bool) {
	for _, r := range list {
		if m := r.re.FindStringSubmatchIndex(text); m != nil {
			return string(r.re.ExpandString(nil, r.id, text, m)), true
		}
	}
	return text, false
}

// headRules translate what is wrong; expectedRules what was expected. Codes, names, numbers,
// lines and values ($1, $2, ...) are kept as written.
var headRules = rules(
	`missing value`, `nilai kosong`,
	`not a valid year`, `bukan tahun yang sah`,
	`not a number`, `bukan angka`,
	`not a positive number`, `bukan angka positif`,
	`not a count`, `bukan bilangan cacah`,
	`not a valid number`, `bukan angka yang sah`,
	`not a valid amount`, `bukan jumlah uang yang sah`,
	`ambiguous amount: (.*) reads as thousands or as sen`, `jumlah uang mendua: $1 dapat dibaca ribuan atau sen`,
	`not a valid age`, `bukan umur yang sah`,
	`not a valid age at first birth`, `bukan umur melahirkan pertama yang sah`,
	`not a valid number of years`, `bukan jumlah tahun yang sah`,
	`not a valid number of months`, `bukan jumlah bulan yang sah`,
	`not a yes/no value`, `bukan nilai ya/tidak`,
	`unknown sex`, `jenis kelamin tidak dikenal`,
	`sex (\S+) not used for (\S+)`, `jenis kelamin $1 tidak dipakai untuk $2`,
	`unknown indicator`, `indikator tidak dikenal`,
	`out of range for (\S+)`, `di luar rentang $1`,
	`region is not declared`, `wilayah belum dinyatakan`,
	`parent region is not declared`, `wilayah induk belum dinyatakan`,
	`a region cannot be its own parent`, `wilayah tidak boleh menjadi induknya sendiri`,
	`unknown level`, `tingkat wilayah tidak dikenal`,
	`unknown education level`, `jenjang pendidikan tidak dikenal`,
	`unknown labour force status`, `status angkatan kerja tidak dikenal`,
	`unknown occupation group`, `kelompok pekerjaan tidak dikenal`,
	`occupation given for a person who is not employed`, `kelompok pekerjaan diisi untuk orang yang tidak bekerja`,
	`unknown target group`, `kelompok sasaran tidak dikenal`,
	`unknown gap factor`, `faktor kesenjangan tidak dikenal`,
	`unknown prerequisite`, `prasyarat tidak dikenal`,
	`unknown status`, `status tidak dikenal`,
	`no such activity in the programs data: year (\S+), OPD (.+), program "(.*)", activity "(.*)"`,
	`kegiatan tidak ada di data program: tahun $1, OPD $2, program "$3", kegiatan "$4"`,
	`duplicate key (\(.*?\)) on lines (.*) and (\d+) more`, `kunci ganda $1 pada baris $2 dan $3 lainnya`,
	`duplicate key (\(.*?\)) on lines (.*)`, `kunci ganda $1 pada baris $2`,
	`duplicate key (\(.*?\)) in cells (.*) and (\d+) more`, `kunci ganda $1 pada sel $2 dan $3 lainnya`,
	`duplicate key (\(.*?\)) in cells (.*)`, `kunci ganda $1 pada sel $2`,
	`invalid text encoding`, `pengodean teks tidak sah`,
	`unterminated or misplaced quote`, `tanda petik tidak ditutup atau salah tempat`,
	`row has (\d+) fields`, `baris berisi $1 kolom`,
	`row is (\d+) bytes long`, `baris sepanjang $1 byte`,
	`(\S+) (\S+) ([-0-9.e+]+) \((.*?)\) and (\S+) ([-0-9.e+]+) \((.*?)\) add up to ([-0-9.e+]+)`,
	`$1 $2 $3 ($4) dan $5 $6 ($7) berjumlah $8`,
	`(\S+) T ([-0-9.e+]+) \((.*?)\) lies outside P ([-0-9.e+]+) \((.*?)\) and L ([-0-9.e+]+) \((.*?)\)`,
	`$1 T $2 ($3) berada di luar P $4 ($5) dan L $6 ($7)`,
	`(\S+) T ([-0-9.e+]+) \((.*?)\) is not P ([-0-9.e+]+) \((.*?)\) \+ L ([-0-9.e+]+) \((.*?)\) = ([-0-9.e+]+)`,
	`$1 T $2 ($3) bukan P $4 ($5) + L $6 ($7) = $8`,
	`(\S+) (P|L) ([-0-9.e+]+) \((.*?)\) is more than T ([-0-9.e+]+) \((.*?)\)`,
	`$1 $2 $3 ($4) lebih besar dari T $5 ($6)`,
	`(\S+) P ([-0-9.e+]+) \((.*?)\) and T ([-0-9.e+]+) \((.*?)\) differ`,
	`$1 P $2 ($3) dan T $4 ($5) berbeda`,
	`unknown region name`, `nama wilayah tidak dikenal`,
	`region name matches (\d+) regions: (.*)`, `nama wilayah cocok dengan $1 wilayah: $2`,
	`a number, not a region name`, `angka, bukan nama wilayah`,
	`values without a region name`, `nilai tanpa nama wilayah`,
	`empty file`, `berkas kosong`,
	`is a directory`, `adalah folder`,
	`unrecognised header (.*)`, `judul kolom tidak dikenal $1`,
	`missing required column\(s\) (.*)`, `kolom wajib tidak ada: $1`,
	`column "(.*)" appears more than once in the header`, `kolom "$1" muncul lebih dari sekali di judul`,
	`no header on line 1`, `tidak ada judul kolom di baris 1`,
	`binary data or UTF-16 text: NUL bytes in the first 64 KiB`, `data biner atau teks UTF-16: ada byte NUL di 64 KiB pertama`,
	`UTF-(16|32) text`, `teks UTF-$1`,
	`line (\d+) is not UTF-8 text`, `baris $1 bukan teks UTF-8`,
	`line 1 \(the header\) is not UTF-8 text: (.*)`, `baris 1 (judul kolom) bukan teks UTF-8: $1`,
	`not a readable XLSX workbook (.*)`, `bukan buku kerja XLSX yang dapat dibaca $1`,
	`not a readable Parquet file (.*)`, `bukan berkas Parquet yang dapat dibaca $1`,
	`sheet "(.*)" is empty`, `lembar "$1" kosong`,
	`no visible sheet`, `tidak ada lembar yang terlihat`,
	`no such file`, `berkas tidak ada`,
	`OPD code (\S+) is not this account's`, `kode OPD $1 bukan milik akun ini`,
	`no header of years or sexes`, `tidak ada judul kolom tahun atau jenis kelamin`,
	`workbook inflates to more than (\d+) MiB`, `buku kerja mengembang menjadi lebih dari $1 MiB`,
	`workbook part "(.*)" inflates to more than (\d+) MiB`, `bagian buku kerja "$1" mengembang menjadi lebih dari $2 MiB`,
)

var expectedRules = rules(
	`a whole number (\d+)-(\d+)`, `bilangan bulat $1-$2`,
	`a whole number (\d+)-(\d+), at most the age, or empty`, `bilangan bulat $1-$2, paling besar umurnya, atau kosong`,
	`a whole number >= 0, or empty`, `bilangan bulat >= 0, atau kosong`,
	`a whole number (\d+)-(\d+), or empty`, `bilangan bulat $1-$2, atau kosong`,
	`a number >= 0, or empty`, `angka >= 0, atau kosong`,
	`(\d+)-(\d+), or empty`, `$1-$2, atau kosong`,
	`a number such as (\S+) or (\S+)`, `angka seperti $1 atau $2`,
	`a number such as (.*)`, `angka seperti $1`,
	`a survey weight > 0`, `bobot survei > 0`,
	`rupiah >= 0, such as (.*) or (.*)`, `rupiah >= 0, seperti $1 atau $2`,
	`rupiah >= 0, such as (.*)`, `rupiah >= 0, seperti $1`,
	`rupiah per month >= 0, or empty`, `rupiah per bulan >= 0, atau kosong`,
	`rupiah such as Rp 1\.500 or Rp 1,50: a point between thousands, a comma before the sen`,
	`rupiah seperti Rp 1.500 atau Rp 1,50: titik di antara ribuan, koma sebelum sen`,
	`true/false, ya/tidak, 1/0, y/n`, `ya/tidak, true/false, 1/0, y/n`,
	`true/false, ya/tidak, 1/0, y/n, or empty`, `ya/tidak, true/false, 1/0, y/n, atau kosong`,
	`P, L or T, or a synonym such as F/M, perempuan/laki-laki`, `P, L atau T, atau padanannya seperti perempuan/laki-laki`,
	`P or L, or a synonym such as F/M, perempuan/laki-laki`, `P atau L, atau padanannya seperti perempuan/laki-laki`,
	`(P|L|T|P, L|P, L, T)`, `$1`,
	`([-0-9.e+]+) to ([-0-9.e+]+)`, `$1 sampai $2`,
	`a region code`, `kode wilayah`,
	`an indicator code`, `kode indikator`,
	`the region name`, `nama wilayah`,
	`the OPD code`, `kode OPD`,
	`the OPD code, or KOTA for the city`, `kode OPD, atau KOTA untuk Kota Medan`,
	`the OPD name`, `nama OPD`,
	`the program name`, `nama program`,
	`the activity name`, `nama kegiatan`,
	`the program name, as in the programs data`, `nama program, seperti di data program`,
	`the activity name, as in the programs data`, `nama kegiatan, seperti di data program`,
	`a person id`, `nomor responden`,
	`a catalog code or alias; closest: (.*)`, `kode katalog atau aliasnya; yang terdekat: $1`,
	`a catalog code or alias of the sex-disaggregated data behind the issue, or empty`,
	`kode katalog atau alias data terpilah di balik isu, atau kosong`,
	`a code of the region table or of a loaded regions file`, `kode dari tabel wilayah atau dari berkas wilayah yang sudah dimuat`,
	`a declared region code or one in this file`, `kode wilayah yang sudah dinyatakan atau ada di berkas ini`,
	`the code of the enclosing region`, `kode wilayah yang melingkupinya`,
	`country, province, regency, district or village`, `negara, provinsi, kabupaten/kota, kecamatan atau kelurahan/desa`,
	`0 none \.\. 7 doctorate, or empty`, `0 tidak sekolah .. 7 doktor, atau kosong`,
	`employed, unemployed or not_in_labour_force, or bekerja, pengangguran, bukan_angkatan_kerja`,
	`bekerja, pengangguran atau bukan_angkatan_kerja`,
	`an ISCO-08 major group 0-9`, `golongan pokok KBJI/ISCO-08 0-9`,
	`empty unless labour_force_status is employed`, `kosong kecuali status angkatan kerja bekerja`,
	`a list separated by ; , or / of perempuan, disabilitas, lansia, ibu_hamil, anak`,
	`daftar yang dipisah ; , atau / dari perempuan, disabilitas, lansia, ibu_hamil, anak`,
	`a list separated by ; of akses, partisipasi, kontrol, manfaat`, `daftar yang dipisah ; dari akses, partisipasi, kontrol, manfaat`,
	`one of komitmen, kebijakan, kelembagaan, sumber_daya, data_terpilah, alat_analisis, partisipasi_masyarakat`,
	`salah satu dari komitmen, kebijakan, kelembagaan, sumber_daya, data_terpilah, alat_analisis, partisipasi_masyarakat`,
	`ada, sebagian or belum; or yes, partly, no`, `ada, sebagian atau belum`,
	`an activity of a loaded programs file: load or validate the programs file first, or in the same command or refresh`,
	`kegiatan dari berkas program yang sudah dimuat: muat atau periksa berkas program lebih dulu, atau bersamaan`,
	`one row per (.*)`, `satu baris per $1`,
	`one value per (.*)`, `satu nilai per $1`,
	`UTF-8`, `UTF-8`,
	`a closing " after a quoted field`, `tanda petik penutup setelah isian berpetik`,
	`(\d+), as in the header`, `$1, seperti judul kolom`,
	`at most (\d+) bytes per row`, `paling banyak $1 byte per baris`,
	`100 within ([-0-9.e+]+): the shares of women and men of one whole`, `100 dengan selisih paling besar $1: porsi perempuan dan laki-laki dari satu keseluruhan`,
	`a total between the values of women and men, within ([-0-9.e+]+)`, `total di antara nilai perempuan dan laki-laki, dengan selisih paling besar $1`,
	`the total of a count to be women \+ men, within ([-0-9.e+%]+)`, `total hitungan = perempuan + laki-laki, dengan selisih paling besar $1`,
	`a part of a count to be at most its total`, `bagian dari hitungan paling besar sama dengan totalnya`,
	`one value: the indicator is about women only, within ([-0-9.e+]+)`, `satu nilai: indikator ini hanya tentang perempuan, dengan selisih paling besar $1`,
	`a region of the region table as BPS writes it; closest: (.*)`, `wilayah dari tabel wilayah seperti ditulis BPS; yang terdekat: $1`,
	`one region: write Kabupaten or Kota, or the full name`, `satu wilayah: tulis Kabupaten atau Kota, atau nama lengkapnya`,
	`the region's name as BPS writes it, such as Kota Medan, in column (\S+)`, `nama wilayah seperti ditulis BPS, misalnya Kota Medan, di kolom $1`,
	`the region's name in column (\S+)`, `nama wilayah di kolom $1`,
	`a header line and rows`, `baris judul kolom dan baris data`,
	`a header row and rows`, `baris judul kolom dan baris data`,
	`a CSV, XLSX or Parquet file`, `berkas CSV, XLSX atau Parquet`,
	`a CSV file in UTF-8`, `berkas CSV dalam UTF-8`,
	`UTF-8: save the file as "(.*)"(.*)`, `UTF-8: simpan berkas sebagai "$1"$2`,
	`the columns of a regions, indicators, microdata, programs, gbs, readiness or table file, or --kind`,
	`kolom berkas wilayah, indikator, data mikro, program, gbs, prasyarat atau tabel, atau --kind`,
	`the columns of a (\S+) file: (.*)`, `kolom berkas $1: $2`,
	`each column of a (\S+) file once`, `setiap kolom berkas $1 sekali`,
	`the column names`, `nama-nama kolom`,
	`a BPS-style table`, `tabel bergaya BPS`,
	`([0-9][0-9A-Za-z._-]*(?:, [0-9][0-9A-Za-z._-]*)*)`, `$1`, // a list of OPD codes (the account's)

	`at most (\d+) MiB: a zip bomb\?`, `paling besar $1 MiB: bom zip?`,
)
