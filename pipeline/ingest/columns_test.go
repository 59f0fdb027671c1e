package ingest

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// A file headed with the Indonesian column names (README, data/columns.csv) loads exactly like
// the same file headed in English: the same rows, lines and rejects, for every kind, as CSV
// and through the one pass of clean microdata.
func TestIndonesianColumnNamesLoadLikeEnglish(t *testing.T) {
	cases := []struct {
		kind, table, english, indonesian, rows string
	}{
		{"regions", "raw_region", "region_code,name,level,parent_code", "kode_wilayah,nama,tingkat,kode_induk",
			"Q1,Kelurahan Satu,village,1275010\nQ2,,village,1275010\n"},
		{"indicators", "raw_indicator", "region_code,year,indicator,sex,value,source,note",
			"kode_wilayah,tahun,indikator,jenis_kelamin,nilai,sumber,catatan",
			"1275,2023,uhh,P,74.5,BPS,\n1275,2023,uhh,L,abc,BPS,\n12,2023,tpak,T,65,BPS,catatan\n"},
		{"microdata", "raw_microdata", hMicrodata,
			"kode_wilayah,tahun,id_individu,bobot,jenis_kelamin,umur,lama_sekolah,pendidikan_tertinggi,status_angkatan_kerja,kelompok_pekerjaan,pendapatan,pernah_kawin,lahir_terakhir_di_faskes,umur_melahirkan_pertama",
			"1275010,2024,p1,1.5,P,30,12,3,employed,2,3000000,true,,\n1275010,2024,p2,2.5,L,31,,,,,,,,\n"},
		{"programs", "raw_program",
			"year,opd_code,opd_name,program,activity,budget,realization,gender_responsive,target_groups,output_indicator,output_target,output_realized,beneficiaries_male,beneficiaries_female",
			"tahun,kode_opd,nama_opd,program,kegiatan,anggaran,realisasi,responsif_gender,kelompok_sasaran,indikator_keluaran,target_keluaran,realisasi_keluaran,penerima_laki_laki,penerima_perempuan",
			"2024,1.02,Dinkes,P1,A1,1000000,900000,ya,perempuan,peserta,10,9,5,6\n2024,1.02,Dinkes,P1,A2,-1,0,1,,,,,,\n"},
	}
	for _, c := range cases {
		t.Run(c.kind, func(t *testing.T) {
			var dumps [2]string
			for i, header := range []string{c.english, c.indonesian} {
				db := openWarehouse(t)
				path := writeFile(t, t.TempDir(), "f.csv", header+"\n"+c.rows)
				res := mustLoad(t, db, path, Options{Now: fixedNow})
				if res.Kind != c.kind || len(res.Ignored) != 0 || res.Accepted == 0 {
					t.Fatalf("header %q: kind %s, ignored %v, %d accepted; want %s, none ignored, rows", header, res.Kind, res.Ignored, res.Accepted, c.kind)
				}
				res.Seconds = 0
				dumps[i] = dump(t, db, `SELECT * FROM `+c.table+` ORDER BY line`) +
					dump(t, db, `SELECT * FROM rejected_row ORDER BY line, "column"`)
			}
			if dumps[0] != dumps[1] {
				t.Errorf("English and Indonesian headers load differently:\n--- English\n%s\n--- Indonesian\n%s", dumps[0], dumps[1])
			}
		})
	}
}

// Indonesian names are read in any case, with spaces or hyphens for the underscores, and in
// XLSX below title rows; a near miss is still an unknown column.
func TestIndonesianHeaderSpellings(t *testing.T) {
	for _, c := range []struct {
		header []string
		want   string
	}{
		{[]string{"Kode Wilayah", "TAHUN", "Indikator", "Jenis-Kelamin", "Nilai"}, "indicators"},
		{[]string{"kode_wilayah", "nama", "tingkat"}, "regions"},
		{[]string{"kode_wilayah", "tahun", "indikator", "jenis kelamin", "nilai", "sumber"}, "indicators"},
		{[]string{"kode_wilayah", "tahun", "indikator", "kelamin", "nilai"}, ""},
		{[]string{"kodewilayah", "tahun", "indikator", "jenis_kelamin", "nilai"}, ""},
	} {
		got, err := DetectKind(c.header)
		if got != c.want || (err == nil) != (c.want != "") {
			t.Errorf("DetectKind(%q) = %q, %v; want %q", c.header, got, err, c.want)
		}
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "judul.xlsx")
	writeXLSX(t, path, [][]any{
		{"Indikator Kota Medan"},
		{},
		{"kode_wilayah", "tahun", "indikator", "jenis_kelamin", "nilai"},
		{"1275", 2023, "uhh", "P", 74.5},
	})
	res, err := LoadFile(context.Background(), openWarehouse(t), path, Options{Now: fixedNow})
	if err != nil || res.Kind != "indicators" || res.Accepted != 1 || !strings.HasSuffix(res.Status, "loaded") {
		t.Errorf("XLSX with Indonesian header below a title: %+v, %v", res, err)
	}
}

// writeXLSX writes rows (one slice of cells per sheet row, from row 1) to the first sheet of a
// new workbook at path.
func writeXLSX(t testing.TB, path string, rows [][]any, merged ...[2]string) {
	t.Helper()
	f := excelize.NewFile()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range merged {
		if err := f.MergeCell("Sheet1", m[0], m[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// data/columns.csv names every column of every kind read by its header, and only columns of
// the kind.
func TestEveryContractColumnHasAnIndonesianName(t *testing.T) {
	for _, k := range kinds {
		if k.layout {
			continue
		}
		named := map[string]string{}
		for id, c := range indonesian[k.name] {
			if indexOf(k.columns, c) < 0 {
				t.Errorf("%s: %s is the Indonesian name of %q, no column of the kind", k.name, id, c)
			}
			named[c] = id
		}
		for _, c := range k.columns {
			if named[c] == "" {
				t.Errorf("%s: column %s has no Indonesian name in data/columns.csv", k.name, c)
			}
		}
	}
}
