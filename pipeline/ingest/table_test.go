package ingest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/setara-pug/setara/data"
	"github.com/setara-pug/setara/pipeline/internal/csvtest"
)

// bpsRow is one data row of a test table: the name as BPS writes it, the code it must
// match, and its values by (year, sex) in the order of bpsKeys ("-" and "" are no data).
type bpsRow struct {
	name, code string
	values     []string
}

var (
	bpsYears = []int{2022, 2023}
	bpsSexes = []string{"Laki-laki", "Perempuan", "Jumlah"}
	bpsCodes = map[string]string{"Laki-laki": "L", "Perempuan": "P", "Jumlah": "T"}
	// every value is distinct, so that a value landing in the wrong key shows
	bpsRows = []bpsRow{
		{"Kab. Labuhan Batu", "1207", []string{"68,61", "72,54", "70,51", "68,93", "72,80", "70,79"}},
		{"Toba Samosir", "1206", []string{"69,11", "73,01", "71,02", "69,45", "73,33", "71,38"}},
		{"KOTA TANJUNG BALAI", "1272", []string{"67,10", "70,95", "69,02", "–", "…", "69,31"}},
		{"Pematang Siantar", "1273", []string{"71,36", "75,12", "73,22", "71,58", "75,40", "73,47"}},
		{"Kota Padang Sidimpuan", "1277", []string{"67,94", "71,66", "69,77", "68,19", "71,90", "70,03"}},
		{"Gunung Sitoli", "1278", []string{"69,40", "73,18", "71,27", "NA", "n.a.", "..."}},
		{"Kota Medan*", "1275", []string{"71,20", "75,10", "73,14", "71,44", "75,39", "73,41"}},
		{"Sumatera Utara", "12", []string{"67,77", "71,84", "69,80", "68,05", "72,08", "70,06"}},
	}
)

// bpsTable is a table as BPS publishes it: a title, two header rows (years over sexes, or
// sexes over years), a row of column numbers, the rows, footnotes. Cells are text.
func bpsTable(yearsOver bool) [][]string {
	rows := [][]string{
		{"Tabel 4.1.3 Umur Harapan Hidup (UHH) menurut Kabupaten/Kota dan Jenis Kelamin di Provinsi Sumatera Utara (tahun)"},
		{},
	}
	upper, lower := []string{"Kabupaten/Kota"}, []string{""}
	numbers := []string{"(1)"}
	type key struct{ y, s int }
	var order []key
	if yearsOver {
		for yi, y := range bpsYears {
			for si, s := range bpsSexes {
				upper, lower = append(upper, map[bool]string{true: fmt.Sprint(y), false: ""}[si == 0]), append(lower, s)
				order = append(order, key{yi, si})
			}
		}
	} else {
		for si, s := range bpsSexes {
			for yi, y := range bpsYears {
				upper, lower = append(upper, map[bool]string{true: s, false: ""}[yi == 0]), append(lower, fmt.Sprint(y))
				order = append(order, key{yi, si})
			}
		}
	}
	for i := range order {
		numbers = append(numbers, fmt.Sprintf("(%d)", i+2))
	}
	rows = append(rows, upper, lower, numbers)
	for _, r := range bpsRows {
		row := []string{r.name}
		for _, k := range order {
			row = append(row, r.values[k.y*len(bpsSexes)+k.s])
		}
		rows = append(rows, row)
	}
	return append(rows, []string{}, []string{"Sumber: BPS Provinsi Sumatera Utara, Susenas"},
		[]string{"Catatan: *) ibu kota provinsi"}, []string{"– data tidak tersedia"})
}

// bpsLong is the same facts as a long indicators file, and the number of no-data cells.
func bpsLong() (string, int) {
	var b strings.Builder
	b.WriteString("region_code;year;indicator;sex;value;source\n")
	none := 0
	for _, r := range bpsRows {
		for yi, y := range bpsYears {
			for si, s := range bpsSexes {
				v := r.values[yi*len(bpsSexes)+si]
				if noData(v) {
					none++
					continue
				}
				fmt.Fprintf(&b, "%s;%d;uhh;%s;%s;BPS Provinsi Sumatera Utara, Susenas\n", r.code, y, bpsCodes[s], v)
			}
		}
	}
	return b.String(), none
}

func csvOf(rows [][]string, delim string) string {
	var b strings.Builder
	for _, r := range rows {
		q := make([]string, len(r))
		for i, c := range r {
			q[i] = c
			if strings.ContainsAny(c, delim+"\"") {
				q[i] = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
		}
		b.WriteString(strings.Join(q, delim) + "\n")
	}
	return b.String()
}

func xlsxOf(t *testing.T, path string, rows [][]string, merged ...[2]string) {
	t.Helper()
	cells := make([][]any, len(rows))
	for i, r := range rows {
		for _, c := range r {
			cells[i] = append(cells[i], c)
		}
	}
	writeXLSX(t, path, cells, merged...)
}

const factsQuery = `SELECT region_code, year, indicator, sex, value, source, note FROM raw_indicator ORDER BY ALL`

// A BPS-style table, CSV or XLSX, years over sexes or sexes over years, names in BPS's
// spellings, loads to exactly the facts of the long file of the same values; no-data cells
// load nothing and are counted; the source footnote is the facts' source.
func TestBPSTableLoadsLikeTheLongFile(t *testing.T) {
	dir := t.TempDir()
	long, none := bpsLong()
	db := openWarehouse(t)
	want := mustLoad(t, db, writeFile(t, dir, "long.csv", long), Options{Now: fixedNow})
	wantFacts := dump(t, db, factsQuery)
	if want.Rejected != 0 || want.Accepted != int64(len(bpsRows)*6-none) || none != 5 {
		t.Fatalf("the long file: %+v (%d no data)", want, none)
	}
	for _, yearsOver := range []bool{true, false} {
		rows := bpsTable(yearsOver)
		files := map[string]func(string){
			"semicolon.csv": func(p string) { writeFile(t, dir, filepath.Base(p), csvOf(rows, ";")) },
			"comma.csv":     func(p string) { writeFile(t, dir, filepath.Base(p), csvOf(rows, ",")) },
			"table.xlsx": func(p string) {
				// the year (or sex) cells of the upper header row merged over their columns
				xlsxOf(t, p, rows, [2]string{"B3", "D3"}, [2]string{"E3", "G3"}, [2]string{"A3", "A4"})
			},
		}
		if !yearsOver {
			files["table.xlsx"] = func(p string) {
				xlsxOf(t, p, rows, [2]string{"B3", "C3"}, [2]string{"D3", "E3"}, [2]string{"F3", "G3"})
			}
		}
		for name, write := range files {
			t.Run(fmt.Sprintf("%s years over sexes %v", name, yearsOver), func(t *testing.T) {
				path := filepath.Join(t.TempDir(), name)
				dir = filepath.Dir(path)
				write(path)
				db := openWarehouse(t)
				res, err := LoadFile(context.Background(), db, path, Options{Now: fixedNow})
				if err != nil {
					t.Fatal(err)
				}
				if res.Kind != "table" || res.Accepted != want.Accepted || res.Rejected != 0 || res.NoData != int64(none) {
					t.Fatalf("%+v; want a table of %d facts, no rejects, %d no data", res, want.Accepted, none)
				}
				if got := dump(t, db, factsQuery); got != wantFacts {
					t.Errorf("facts differ from the long file's:\n--- table\n%s\n--- long\n%s", got, wantFacts)
				}
				// every fact keeps the table's line of its region
				if n := count(t, db, `SELECT count(*) FROM raw_indicator WHERE region_code = '1272' AND line <> 8`); n != 0 {
					t.Errorf("%d facts of Tanjung Balai (line 8) are on another line", n)
				}
			})
		}
	}
}

// The other shapes: one year with Laki-laki / Perempuan / Jumlah columns (the year from the
// title), years only (sex from --sex), the indicator from --indicator, BPS's web export (a
// label row over sexes over years), kecamatan of Medan with a "Jumlah" row.
func TestBPSTableShapes(t *testing.T) {
	cases := []struct {
		name, body string
		opts       Options
		want       string
	}{
		{"one_year.csv", "Rata-rata Lama Sekolah (RLS) Penduduk Umur 25 Tahun ke Atas menurut Kabupaten/Kota dan Jenis Kelamin, 2023\n" +
			"Kabupaten/Kota,Laki-laki,Perempuan,Laki-laki + Perempuan\nKota Medan,11.72,11.36,11.54\nKab. Deli Serdang,10.31,9.68,10.00\n" +
			"Sumber: BPS\n", Options{},
			"1212 2023 mean_schooling L 10.31 BPS <nil>\n1212 2023 mean_schooling P 9.68 BPS <nil>\n1212 2023 mean_schooling T 10 BPS <nil>\n" +
				"1275 2023 mean_schooling L 11.72 BPS <nil>\n1275 2023 mean_schooling P 11.36 BPS <nil>\n1275 2023 mean_schooling T 11.54 BPS <nil>\n"},
		{"years_only.csv", "Persentase Perempuan, 2021-2022\nWilayah;2021;2022\nKota Binjai;55,10;56,20\nINDONESIA;53,4;54,4\n",
			Options{Indicator: "tpak", Sex: "P"},
			"00 2021 labour_force_participation P 53.4 <nil> <nil>\n00 2022 labour_force_participation P 54.4 <nil> <nil>\n" +
				"1276 2021 labour_force_participation P 55.1 <nil> <nil>\n1276 2022 labour_force_participation P 56.2 <nil> <nil>\n"},
		{"web_export.csv", `"Umur Harapan Hidup Saat Lahir (UHH) Menurut Kabupaten/Kota dan Jenis Kelamin (Tahun)"` + "\n" +
			`"Kabupaten/Kota","Umur Harapan Hidup Saat Lahir (UHH) Menurut Kabupaten/Kota dan Jenis Kelamin (Tahun)","",""` + "\n" +
			`"","Laki-laki","","Perempuan",""` + "\n" + `"","2023","2024","2023","2024"` + "\n" +
			`"Nias","67.45","67.85","71.31","71.62"` + "\n\n" + `"Sumber: Badan Pusat Statistik"` + "\n", Options{},
			"1201 2023 life_expectancy L 67.45 Badan Pusat Statistik <nil>\n1201 2023 life_expectancy P 71.31 Badan Pusat Statistik <nil>\n" +
				"1201 2024 life_expectancy L 67.85 Badan Pusat Statistik <nil>\n1201 2024 life_expectancy P 71.62 Badan Pusat Statistik <nil>\n"},
		{"kecamatan.csv", "TPAK menurut Kecamatan di Kota Medan\nKecamatan,Perempuan,Laki-laki\nMedan Tuntungan,50,80\nMedan Kota,51,81\nJumlah,52,82\n",
			Options{Year: 2024},
			"1275 2024 labour_force_participation L 82 <nil> <nil>\n1275 2024 labour_force_participation P 52 <nil> <nil>\n" +
				"1275010 2024 labour_force_participation L 80 <nil> <nil>\n1275010 2024 labour_force_participation P 50 <nil> <nil>\n" +
				"1275060 2024 labour_force_participation L 81 <nil> <nil>\n1275060 2024 labour_force_participation P 51 <nil> <nil>\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := openWarehouse(t)
			c.opts.Now = fixedNow
			path := writeFile(t, t.TempDir(), c.name, c.body)
			res := mustLoad(t, db, path, c.opts)
			if res.Kind != "table" || res.Rejected != 0 {
				t.Errorf("%+v", res)
			}
			if got := dump(t, db, factsQuery); got != c.want {
				t.Errorf("facts:\n%s\nwant:\n%s", got, c.want)
			}
			// the same table again: recognised, nothing done
			if again := mustLoad(t, db, path, c.opts); !again.Unchanged {
				t.Errorf("loaded again: %+v, want unchanged", again)
			}
		})
	}
}

// Rejected rows of a table name the file, the table's line and column, the value and the
// reason: a name that matches no region (with the closest region), values that are not
// numbers or out of range, a region written twice; the rest of the table loads.
func TestBPSTableRejectsNameTheCell(t *testing.T) {
	body := "Umur Harapan Hidup (UHH) menurut Kabupaten/Kota, 2023\n" +
		"Kabupaten/Kota;Laki-laki;Perempuan\n" +
		"Kabupaten Labuhanbatuu;68,9;72,8\n" + // line 3: unknown name
		"Kota Medan;71,4;abc\n" + // line 4: not a number in C
		"Kabupaten Nias;150;70\n" + // line 5: out of range in B
		"Kab. Karo;70;74\n" + // line 6
		"Karo;70,5;74,5\n" + // line 7: the same region again
		"12345;70;74\n" + // line 8: a number for a name
		"Kota Toba;70;74\n" // line 9: Toba is a kabupaten
	db := openWarehouse(t)
	res := mustLoad(t, db, writeFile(t, t.TempDir(), "bps.csv", body), Options{Now: fixedNow})
	var got []string
	for _, p := range res.Problems {
		got = append(got, p.String())
	}
	want := []string{
		`bps.csv:3:A: field "Kabupaten Labuhanbatuu": unknown region name (expected a region of the region table as BPS writes it; closest: 1207 Kabupaten Labuhanbatu)`,
		`bps.csv:4:C: field "abc": not a number (expected a number such as 1.234,5)`,
		`bps.csv:5:B: field "150": out of range for life_expectancy (expected 15.0 to 100.0)`,
		`bps.csv:6:B: field "70": duplicate key (region_code, year, indicator, sex) in cells B6, B7 (expected one value per (region_code, year, indicator, sex))`,
		`bps.csv:6:C: field "74": duplicate key (region_code, year, indicator, sex) in cells C6, C7 (expected one value per (region_code, year, indicator, sex))`,
		`bps.csv:7:B: field "70,5": duplicate key (region_code, year, indicator, sex) in cells B6, B7 (expected one value per (region_code, year, indicator, sex))`,
		`bps.csv:7:C: field "74,5": duplicate key (region_code, year, indicator, sex) in cells C6, C7 (expected one value per (region_code, year, indicator, sex))`,
		`bps.csv:8:A: field "12345": a number, not a region name (expected the region's name as BPS writes it, such as Kota Medan, in column A)`,
		`bps.csv:9:A: field "Kota Toba": unknown region name (expected a region of the region table as BPS writes it; closest: 1206 Kabupaten Toba)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if res.Accepted != 2 || res.Rejected != int64(len(want)) {
		t.Errorf("%d accepted, %d rejected; want 2 (Medan L, Nias P), %d", res.Accepted, res.Rejected, len(want))
	}
	if n := count(t, db, `SELECT count(*) FROM rejected_row WHERE file = 'bps.csv' AND line = 4 AND "column" = 'C'`); n != 1 {
		t.Errorf("rejected_row holds %d rows for bps.csv:4:C, want 1", n)
	}
}

// A name two regions share is a rejected row naming both, unless its prefix or the table's
// kab/kota tells them apart: with regions declared by a regions file, which a table may name.
func TestBPSTableNamesTwoRegionsShare(t *testing.T) {
	db := openWarehouse(t)
	dir := t.TempDir()
	mustLoad(t, db, writeFile(t, dir, "wilayah.csv", "kode_wilayah,nama,tingkat,kode_induk\n"+
		"3204,Kabupaten Bandung,regency,32\n3273,Kota Bandung,regency,32\n1212999,Medan Baru,district,1212\n"), Options{Now: fixedNow})
	res := mustLoad(t, db, writeFile(t, dir, "jabar.csv", "Jumlah Penduduk menurut Kabupaten/Kota, 2023\n"+
		"Kabupaten/Kota;Jumlah\nBandung;100\nKab. Bandung;200\nKOTA BANDUNG;300\n"), Options{Now: fixedNow})
	want := `jabar.csv:3:A: field "Bandung": region name matches 2 regions: 3204 Kabupaten Bandung, 3273 Kota Bandung (expected one region: write Kabupaten or Kota, or the full name)`
	if len(res.Problems) != 1 || res.Problems[0].String() != want || res.Accepted != 2 {
		t.Errorf("%+v\nwant 2 accepted and\n%s", res, want)
	}
	if got := dump(t, db, `SELECT region_code, value FROM raw_indicator ORDER BY line`); got != "3204 200\n3273 300\n" {
		t.Errorf("facts %q", got)
	}
	// Medan Baru is a kecamatan of Medan and of Deli Serdang: the table's other rows are Medan's
	res = mustLoad(t, db, writeFile(t, dir, "medan.csv", "TPAK Perempuan menurut Kecamatan, 2024\n"+
		"Kecamatan,Perempuan\nMedan Tuntungan,50\nMedan Johor,51\nMedan Baru,52\n"), Options{Now: fixedNow})
	if res.Accepted != 3 || res.Rejected != 0 || count(t, db, `SELECT count(*) FROM raw_indicator WHERE region_code = '1275090'`) != 1 {
		t.Errorf("Medan Baru within Medan: %+v", res)
	}
}

// The title's indicator and year, and the flags, which override the title (a code or an
// alias); columns that are neither names nor values are ignored and named; a year typed 2.023
// into an XLSX header cell is 2023.
func TestBPSTableTitleAndFlags(t *testing.T) {
	dir := t.TempDir()
	body := "Tingkat Partisipasi Angkatan Kerja (TPAK) menurut Kabupaten/Kota, 2023\n" +
		"Kabupaten/Kota;Kode;Laki-laki;Perempuan;Lk;Rasio\nKota Medan;1275;80;52;1;0,65\n"
	path := writeFile(t, dir, "tpak.csv", body)
	for _, c := range []struct {
		opts Options
		want string // the facts
	}{
		{Options{}, "2023 labour_force_participation L\n2023 labour_force_participation P\n"},
		{Options{Indicator: "TPAK", Year: 2023}, "2023 labour_force_participation L\n2023 labour_force_participation P\n"},
		{Options{Indicator: "lfpr", Year: 2022}, "2022 labour_force_participation L\n2022 labour_force_participation P\n"},
		{Options{Indicator: "population"}, "2023 population L\n2023 population P\n"},
	} {
		c.opts.Now = fixedNow
		db := openWarehouse(t)
		res, err := LoadFile(context.Background(), db, path, c.opts)
		if err != nil || res.Accepted != 2 || strings.Join(res.Ignored, "|") != "Kode|Lk|Rasio" {
			t.Errorf("%+v: %+v, %v; want 2 facts, Kode, Lk and Rasio ignored", c.opts, res, err)
		}
		if got := dump(t, db, `SELECT year, indicator, sex FROM raw_indicator ORDER BY sex`); got != c.want {
			t.Errorf("%+v: facts %q, want %q", c.opts, got, c.want)
		}
	}
	// an unknown --indicator is each cell's rejected row, with the closest code
	res := mustLoad(t, openWarehouse(t), path, Options{Now: fixedNow, Indicator: "tpk"})
	if res.Accepted != 0 || res.Rejected != 2 || !strings.Contains(res.Problems[0].String(), `tpak.csv:3:C: field "tpk": unknown indicator (expected a catalog code or alias; closest: labour_force_participation)`) {
		t.Errorf("--indicator tpk: %+v", res)
	}
	x := filepath.Join(dir, "teks.xlsx")
	xlsxOf(t, x, [][]string{{"Harapan Lama Sekolah (HLS) menurut Kabupaten/Kota"}, {"Kabupaten/Kota", "2.023", "2.024"}, {"Kota Medan", "14,6", "14,7"}})
	db := openWarehouse(t)
	if res := mustLoad(t, db, x, Options{Now: fixedNow}); res.Accepted != 2 {
		t.Errorf("XLSX with text years: %+v", res)
	}
	if got := dump(t, db, `SELECT year, indicator, sex, value FROM raw_indicator ORDER BY year`); got != "2023 expected_schooling T 14.6\n2024 expected_schooling T 14.7\n" {
		t.Errorf("facts %q", got)
	}
}

// Tables made at random from Sumatera Utara's kab/kota, in the spellings BPS uses (with or
// without Kabupaten, Kab. or Kota, any case, the split names), with no-data cells, years over
// sexes or sexes over years, as CSV (comma or semicolon) or XLSX, load exactly the facts of
// the long file of the same values.
func TestBPSTableRandomSpellingsLoadLikeLong(t *testing.T) {
	recs := regionsOf(t, "12")
	splits := strings.NewReplacer("Labuhanbatu", "Labuhan Batu", "Tanjungbalai", "Tanjung Balai",
		"Pematangsiantar", "Pematang Siantar", "Padangsidimpuan", "Padang Sidimpuan", "Gunungsitoli", "Gunung Sitoli")
	rng := rand.New(rand.NewPCG(14, 1))
	for iter := 0; iter < 12; iter++ {
		var rows [][]string
		var long strings.Builder
		long.WriteString("region_code,year,indicator,sex,value\n")
		yearsOver := rng.IntN(2) == 0
		years := []int{2020 + rng.IntN(3), 2023 + rng.IntN(2)}
		type col struct {
			year int
			sex  string
		}
		var cols []col
		upper, lower := []string{"Kabupaten/Kota"}, []string{""}
		// the layouts: years over sexes (2 x 3), or sexes over years (3 x 2)
		if yearsOver {
			for _, y := range years {
				for i, s := range bpsSexes {
					cols = append(cols, col{y, s})
					upper, lower = append(upper, map[bool]string{true: fmt.Sprint(y)}[i == 0]), append(lower, s)
				}
			}
		} else {
			for _, s := range bpsSexes {
				for i, y := range years {
					cols = append(cols, col{y, s})
					upper, lower = append(upper, map[bool]string{true: s}[i == 0]), append(lower, fmt.Sprint(y))
				}
			}
		}
		rows = append(rows, []string{"Rata-rata Lama Sekolah (RLS) menurut Kabupaten/Kota dan Jenis Kelamin"}, upper, lower)
		for _, r := range recs {
			if rng.IntN(3) == 0 {
				continue
			}
			name := r[1]
			switch rng.IntN(5) {
			case 0:
				name = strings.TrimPrefix(strings.TrimPrefix(name, "Kabupaten "), "Kota ")
			case 1:
				name = strings.Replace(name, "Kabupaten ", "Kab. ", 1)
			case 2:
				name = strings.ToUpper(name)
			case 3:
				name = splits.Replace(name)
			}
			row := []string{name}
			for _, c := range cols {
				// men 5-9.99, women 10-14.99, the total 10.00-10.04: within the cross-row checks
				v := fmt.Sprintf("%d,%02d", 5+rng.IntN(5), rng.IntN(100))
				switch bpsCodes[c.sex] {
				case "P":
					v = fmt.Sprintf("%d,%02d", 10+rng.IntN(5), rng.IntN(100))
				case "T":
					v = fmt.Sprintf("10,0%d", rng.IntN(5))
				}
				if rng.IntN(6) == 0 {
					v = []string{"-", "…", "NA", ""}[rng.IntN(4)]
				} else {
					fmt.Fprintf(&long, "%s,%d,rls,%s,%s\n", r[0], c.year, bpsCodes[c.sex], strings.Replace(v, ",", ".", 1))
				}
				row = append(row, v)
			}
			rows = append(rows, row)
		}
		rows = append(rows, []string{"Sumber: BPS"})
		dir := t.TempDir()
		var path string
		switch iter % 3 {
		case 0:
			path = writeFile(t, dir, "t.csv", csvOf(rows, ";"))
		case 1:
			path = writeFile(t, dir, "t.csv", csvOf(rows, ","))
		default:
			path = filepath.Join(dir, "t.xlsx")
			xlsxOf(t, path, rows)
		}
		db := openWarehouse(t)
		want := mustLoad(t, db, writeFile(t, dir, "long.csv", long.String()), Options{Now: fixedNow})
		wantFacts := dump(t, db, `SELECT region_code, year, indicator, sex, value FROM raw_indicator ORDER BY ALL`)
		db = openWarehouse(t)
		res := mustLoad(t, db, path, Options{Now: fixedNow})
		got := dump(t, db, `SELECT region_code, year, indicator, sex, value FROM raw_indicator ORDER BY ALL`)
		if want.Accepted < 50 || res.Rejected != 0 || res.Accepted != want.Accepted || got != wantFacts {
			t.Fatalf("iteration %d (%s): %+v\n%s\n--- table facts\n%s\n--- long facts\n%s", iter, filepath.Base(path), res, csvOf(rows, ";"), got, wantFacts)
		}
	}
}

// regionsOf is the built-in regions (code, name) whose parent is parent.
func regionsOf(t *testing.T, parent string) [][]string {
	t.Helper()
	var out [][]string
	for _, r := range csvtest.RecordsFS(t, data.Reference, "regions.csv")[1:] {
		if r[3] == parent {
			out = append(out, r[:2])
		}
	}
	return out
}

// The readings of a table's cells, with the near misses each refuses.
func TestBPSTableCellReadings(t *testing.T) {
	for in, want := range map[string]int{"2023": 2023, "2.023": 2023, "Tahun 2024": 2024, "2022*": 2022, "2021 (a)": 2021, "2023.0": 2023,
		"1899": 0, "20233": 0, "2,023": 0, "23": 0, "2023-2024": 0, "Kabupaten": 0} {
		if got := tableYear(in); got != want {
			t.Errorf("tableYear(%q) = %d, want %d", in, got, want)
		}
	}
	for in, want := range map[string]string{"Laki-laki": "L", "LAKI-LAKI": "L", "Laki-laki/Male": "L", "L": "L", "Perempuan/Female": "P",
		"perempuan": "P", "P": "P", "Jumlah": "T", "Jumlah/Total": "T", "L+P": "T", "Laki-laki + Perempuan": "T", "Total": "T",
		"Lk": "", "Pr": "", "Rasio": "", "Perempuan (%)": "", "Kabupaten/Kota": ""} {
		if got := tableSex(in); got != want {
			t.Errorf("tableSex(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]bool{"": true, "-": true, "–": true, "—": true, "…": true, "...": true, "NA": true, "n.a.": true, "N/A": true,
		"0": false, "x": false, ".": false, "n": false, "- 5": false} {
		if got := noData(in); got != want {
			t.Errorf("noData(%q) = %v, want %v", in, got, want)
		}
	}
	for in, want := range map[string]regionName{"Kabupaten Labuhan Batu": {"kab", "labuhanbatu"}, "Kab. Toba": {"kab", "toba"},
		"KOTA MEDAN*": {"kota", "medan"}, "Provinsi Sumatera Utara": {"prov", "sumaterautara"}, "Medan Kota": {"", "medankota"},
		"Kota Medan¹": {"kota", "medan"}, "Gunungsitoli 1)": {"", "gunungsitoli"}, "Kabupaten": {"", "kabupaten"}, "Kotamobagu": {"", "kotamobagu"},
		"01. Nias": {"", "nias"}, "3) Kab. Karo": {"kab", "karo"}, "1275 Medan": {"", "1275medan"}, "10.5 Nias": {"", "105nias"}} {
		if got := splitName(in); got != want {
			t.Errorf("splitName(%q) = %+v, want %+v", in, got, want)
		}
	}
}

// Values with BPS's footnote marks (74,50* provisional) load as the number.
func TestBPSTableValueMarks(t *testing.T) {
	db := openWarehouse(t)
	res := mustLoad(t, db, writeFile(t, t.TempDir(), "m.csv", "Umur Harapan Hidup (UHH) menurut Kabupaten/Kota, 2024\n"+
		"Kabupaten/Kota;Laki-laki;Perempuan\nKota Medan;71,50*;75,39**\nKota Binjai;70,1x;-*\n"), Options{Now: fixedNow})
	if res.Accepted != 2 || res.Rejected != 1 || res.NoData != 1 || problemPlaces(res)[0] != "4:B" {
		t.Errorf("%+v", res)
	}
	if got := dump(t, db, `SELECT sex, value FROM raw_indicator ORDER BY sex`); got != "L 71.5\nP 75.39\n" {
		t.Errorf("facts %q", got)
	}
}

// FuzzLoadTable validates whole files as BPS-style tables (--kind table): a one-line error
// naming the file, or problems that name the file, a line of it, a column letter and a reason;
// nothing stored (fuzzLoad's invariants).
func FuzzLoadTable(f *testing.F) {
	for _, s := range []string{
		csvOf(bpsTable(true), ";"),
		csvOf(bpsTable(false), ","),
		"UHH 2023\nKabupaten/Kota,L,P\nKota Medan,71,75\nKarooo,1,2\n,3,4\n12,5,6\nSumber: x\n",
		"TPAK\nWilayah;2022;2022\nJumlah;1;2\nKota Medan;x;-\n",
	} {
		f.Add([]byte(s))
	}
	db := openWarehouse(f)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<14 {
			return
		}
		path := filepath.Join(dir, "t.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := fuzzLoad(t, db, path, Options{Kind: "table", Indicator: "uhh", Year: 2023}, physicalLines(data))
		if err != nil {
			return
		}
		for _, p := range res.Problems {
			if strings.Trim(p.Column, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" || p.Column == "" {
				t.Fatalf("problem %+v: want a column letter", p)
			}
		}
	})
}

// The indicator a title names, by the catalog's names, abbreviations and aliases and the
// phrases of data/indicator_titles.csv; a title that names none, or two equally, names none.
func TestBPSTableTitleIndicator(t *testing.T) {
	db := openWarehouse(t)
	phrases, err := titlePhrases(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	for title, want := range map[string]string{
		"Umur Harapan Hidup menurut Kabupaten/Kota, 2023":                                  "life_expectancy",
		"Angka Harapan Hidup (AHH) Penduduk Sumatera Utara":                                "life_expectancy",
		"UHH Laki-laki dan Perempuan":                                                      "life_expectancy",
		"Rata-rata Lama Sekolah Penduduk Umur 25 Tahun ke Atas":                            "mean_schooling",
		"Harapan Lama Sekolah (HLS) menurut Kabupaten/Kota":                                "expected_schooling",
		"Tingkat Partisipasi Angkatan Kerja (TPAK) Menurut Jenis Kelamin":                  "labour_force_participation",
		"TPAK Penduduk Umur 15 Tahun ke Atas":                                              "labour_force_participation",
		"Persentase Penduduk 25+ dengan Pendidikan SMA+":                                   "senior_high_education",
		"Jumlah Penduduk menurut Kecamatan":                                                "population",
		"Life Expectancy at Birth by Regency/Municipality":                                 "life_expectancy",
		"Angka Partisipasi Sekolah menurut Kabupaten/Kota":                                 "",
		"UHH dan RLS menurut Kabupaten/Kota":                                               "",
		"Tabel 4.1.3":                                                                      "",
		"Persentase Rumah Tangga Sesuai (SE) dengan Kriteria":                              "",
		"Penduduk menurut Kelompok Umur dan Jenis Kelamin di Provinsi Sumatera Utara 2023": "",
	} {
		if got := titleIndicator(title, phrases); got != want {
			t.Errorf("titleIndicator(%q) = %q, want %q", title, got, want)
		}
	}
}

// Validating a regions file and then a table names the regions the first declared, as
// loading both would: a dry run keeps the declared names for the session.
func TestBPSTableValidatedAfterARegionsFile(t *testing.T) {
	db := openWarehouse(t)
	dir := t.TempDir()
	regions := writeFile(t, dir, "wilayah.csv", "kode_wilayah,nama,tingkat,kode_induk\n1275010901,Kelurahan Contoh,village,1275010\n")
	table := writeFile(t, dir, "tabel.csv", "Jumlah Penduduk menurut Kelurahan, 2024\nKelurahan;Laki-laki;Perempuan\nKelurahan Contoh;1200;1300\n")
	var got []Result
	err := LoadFiles(context.Background(), db, []string{table, regions}, Options{DryRun: true, Now: fixedNow}, func(r Result, err error) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	})
	if err != nil || len(got) != 2 || got[0].Kind != "regions" || got[1].Kind != "table" || got[1].Accepted != 2 || got[1].Rejected != 0 {
		t.Errorf("validate: %+v, %v; want the regions file, then the table with 2 facts", got, err)
	}
}

// A table's cells go through the cross-row checks of an indicators file: a total outside its
// P and L values is rejected on its own cell, and the message names the cells of both sides
// by the table's line and column.
func TestBPSTableCrossRowChecks(t *testing.T) {
	body := "Umur Harapan Hidup (UHH) menurut Kabupaten/Kota, 2023\n" +
		"Kabupaten/Kota;Laki-laki;Perempuan;Jumlah\n" +
		"Kota Medan;71,4;75,2;80,0\n" + // line 3: the total lies outside P and L
		"Kabupaten Nias;68,9;72,8;70,8\n" // line 4: consistent
	db := openWarehouse(t)
	res := mustLoad(t, db, writeFile(t, t.TempDir(), "uhh.csv", body), Options{Now: fixedNow})
	if res.Accepted != 3 || res.Rejected != 3 {
		t.Fatalf("%d accepted, %d rejected (%v); want Nias's three in, Medan's three out", res.Accepted, res.Rejected, res.Problems)
	}
	reason := "life_expectancy T 80 (line 3 column D) lies outside P 75.2 (line 3 column C) and L 71.4 (line 3 column B) (expected a total between the values of women and men, within 0.05)"
	for i, col := range []string{"B", "C", "D"} {
		if p := res.Problems[i]; p.Line != 3 || p.Column != col || p.Reason != reason {
			t.Errorf("problem %d = %s\nwant bps line 3, column %s, %q", i, p, col, reason)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM raw_indicator WHERE region_code = '1275'`); n != 0 {
		t.Errorf("%d facts of Medan loaded, want none", n)
	}
}
