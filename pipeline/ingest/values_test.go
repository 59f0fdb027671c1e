package ingest

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
)

// Values as an OPD clerk writes them: every normalisation macro, with what it accepts and the
// near misses it still refuses (NULL), in a CSV session (point) and an XLSX one (cell).
func TestValuesAsPeopleWriteThem(t *testing.T) {
	db := openWarehouse(t)
	ctx := context.Background()
	spec, _ := specOf("programs")
	cases := []struct {
		macro, decimal, in, want string // want "NULL": refused
	}{
		// rupiah with the Rp prefix and Indonesian separators
		{"program_amount", "point", "Rp 450.000.000", "450000000.0"},
		{"program_amount", "point", "Rp431.500.000,00", "431500000.0"},
		{"program_amount", "point", "rp. 1.250.000,5", "1250000.5"},
		{"program_amount", "point", "RP 500.000,-", "500000.0"},
		{"program_amount", "point", "Rp 450,000,000.00", "450000000.0"},
		{"program_amount", "point", "Rp 1.500", "1500.0"},
		{"program_amount", "point", "450000000", "450000000.0"},
		{"program_amount", "comma", "450.000.000", "450000000.0"},
		{"program_amount", "point", "Rp 1,500", "NULL"},        // 1500 or 1,5: ambiguous
		{"program_amount", "point", "Rp 1.5", "NULL"},          // a point that groups no thousands
		{"program_amount", "point", "Rp 1.500,000", "NULL"},    // three decimals
		{"program_amount", "point", "Rp 45.00.000", "NULL"},    // a group of two
		{"program_amount", "point", "IDR 450.000.000", "NULL"}, // another prefix
		{"program_amount", "point", "Rp", "NULL"},
		{"program_amount", "point", "Rp -5.000", "NULL"},
		{"program_amount", "point", "450.000.000", "NULL"}, // without Rp, a CSV of point numbers
		{"ingest_rupiah_ambiguous", "point", "Rp 1,500", "true"},
		{"ingest_rupiah_ambiguous", "point", "Rp 1.500", "false"},
		// target groups
		{"ingest_groups", "point", "perempuan;ibu_hamil", "[ibu_hamil, perempuan]"},
		{"ingest_groups", "point", "Perempuan; Ibu Hamil", "[ibu_hamil, perempuan]"},
		{"ingest_groups", "point", "Lansia, Disabilitas", "[disabilitas, lansia]"},
		{"ingest_groups", "point", "kaum perempuan / penyandang disabilitas / lanjut usia", "[disabilitas, lansia, perempuan]"},
		{"ingest_groups", "point", "Ibu-ibu Hamil;Anak-anak;LANSIA", "[anak, ibu_hamil, lansia]"},
		{"ingest_groups", "point", "ibu-hamil,anak", "[anak, ibu_hamil]"},
		{"ingest_groups", "point", "", "[]"},
		{"ingest_groups", "point", "perempuan & anak", "NULL"}, // & separates nothing
		{"ingest_groups", "point", "ibu hamill", "NULL"},
		{"ingest_groups", "point", "pemuda", "NULL"},
		{"ingest_groups", "point", "perempuan;", "NULL"}, // an empty group
		{"ingest_groups", "point", "anak2", "NULL"},
		{"ingest_groups", "point", "kaum lansia", "NULL"},
		// yes/no and sex in any case
		{"ingest_bool", "point", "Ya", "true"},
		{"ingest_bool", "point", "TIDAK", "false"},
		{"ingest_bool", "point", " tidak ", "false"},
		{"ingest_bool", "point", "tdk", "NULL"},
		{"ingest_bool", "point", "ya tidak", "NULL"},
		{"ingest_sex", "point", "l", "L"},
		{"ingest_sex", "point", "p", "P"},
		{"ingest_sex", "point", "PEREMPUAN", "P"},
		{"ingest_sex", "point", "lk", "NULL"},
		{"ingest_sex", "point", "pr", "NULL"},
		// years, 2.024 only in an XLSX text cell
		{"ingest_year", "cell", "2024", "2024"},
		{"ingest_year", "cell", "2.024", "2024"},
		{"ingest_year", "cell", " 2.024 ", "2024"},
		{"ingest_year", "cell", "2024.0", "2024"},
		{"ingest_year", "cell", "20.24", "NULL"},
		{"ingest_year", "cell", "2.0245", "NULL"},
		{"ingest_year", "cell", "2,024", "NULL"},
		{"ingest_year", "point", "2.024", "NULL"},
		{"ingest_year", "comma", "2.024", "NULL"},
	}
	conns := map[string]*sql.Conn{}
	for _, c := range cases {
		conn := conns[c.decimal]
		if conn == nil {
			var err error
			if conn, err = db.Conn(ctx); err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			if err := prepareSession(ctx, conn, spec, c.decimal); err != nil {
				t.Fatal(err)
			}
			// an empty src view, for the macros of check_programs.sql
			src := "CREATE TEMP VIEW src AS SELECT 1::BIGINT AS line"
			for _, col := range spec.columns {
				src += ", NULL::VARCHAR AS " + col
			}
			if _, err := conn.ExecContext(ctx, src); err != nil {
				t.Fatal(err)
			}
			if _, err := conn.ExecContext(ctx, sqlFile("check_programs.sql")); err != nil {
				t.Fatal(err)
			}
			conns[c.decimal] = conn
		}
		var got sql.NullString
		// the macro names are this test's constants
		if err := conn.QueryRowContext(ctx, "SELECT "+c.macro+"(?)::VARCHAR", c.in).Scan(&got); err != nil {
			t.Fatalf("%s(%q): %v", c.macro, c.in, err)
		}
		g := "NULL"
		if got.Valid {
			g = got.String
		}
		if g != c.want {
			t.Errorf("%s(%q) in a %s session = %s, want %s", c.macro, c.in, c.decimal, g, c.want)
		}
	}
}

// The examples in a programs file: refused before, loaded now; an ambiguous amount is
// a rejected row that says why.
func TestProgramsAsPeopleWriteThem(t *testing.T) {
	header := "tahun,kode_opd,nama_opd,program,kegiatan,anggaran,realisasi,responsif_gender,kelompok_sasaran\n"
	body := header +
		`2024,1.02.01,Dinas Kesehatan,P1,Kelas ibu hamil,Rp 450.000.000,"Rp431.500.000,00",Ya,"Perempuan; Ibu Hamil"` + "\n" +
		`2024,1.02.01,Dinas Kesehatan,P1,Posyandu lansia,Rp 120.000.000,Rp 100.000.000,TIDAK,"Lansia, Disabilitas"` + "\n" +
		`2024,1.02.01,Dinas Kesehatan,P1,Salah,"Rp 1,500",0,ya,anak-anak` + "\n"
	db := openWarehouse(t)
	res := mustLoad(t, db, writeFile(t, t.TempDir(), "opd.csv", body), Options{Now: fixedNow})
	if res.Accepted != 2 || res.Rejected != 1 {
		t.Fatalf("%d accepted, %d rejected; want 2, 1: %v", res.Accepted, res.Rejected, res.Problems)
	}
	want := `opd.csv:4:budget: field "Rp 1,500": ambiguous amount: 1,500 reads as thousands or as sen (expected rupiah such as Rp 1.500 or Rp 1,50: a point between thousands, a comma before the sen)`
	if got := res.Problems[0].String(); got != want {
		t.Errorf("problem\n%s\nwant\n%s", got, want)
	}
	got := dump(t, db, `SELECT activity, budget, realization, gender_responsive, target_groups FROM raw_program ORDER BY line`)
	if w := fmt.Sprint("Kelas ibu hamil 4.5e+08 4.315e+08 true [ibu_hamil perempuan]\n",
		"Posyandu lansia 1.2e+08 1e+08 false [disabilitas lansia]\n"); got != w {
		t.Errorf("rows:\n%s\nwant:\n%s", got, w)
	}
}

// A year typed into an XLSX text cell as a spreadsheet shows it (2.024) loads as 2024; the
// same text in a CSV is still refused.
func TestYearWithAThousandsPointInXLSX(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/tahun.xlsx"
	writeXLSX(t, path, [][]any{{"kode_wilayah", "tahun", "indikator", "jenis_kelamin", "nilai"},
		{"1275", "2.024", "uhh", "p", "74,5"}, {"1275", "2024", "uhh", "L", 70.5}, {"1275", "20.24", "hls", "L", 12}})
	db := openWarehouse(t)
	res := mustLoad(t, db, path, Options{Now: fixedNow})
	if res.Accepted != 2 || res.Rejected != 1 || problemPlaces(res)[0] != "4:year" {
		t.Errorf("XLSX: %+v", res)
	}
	if got := dump(t, db, `SELECT year, sex, value FROM raw_indicator ORDER BY line`); got != "2024 P 74.5\n2024 L 70.5\n" {
		t.Errorf("rows %q", got)
	}
	csv := mustLoad(t, openWarehouse(t), writeFile(t, dir, "tahun.csv", "region_code,year,indicator,sex,value\n1275,2.024,uhh,P,74.5\n"), Options{Now: fixedNow})
	if csv.Accepted != 0 || csv.Rejected != 1 {
		t.Errorf("CSV year 2.024: %+v, want refused", csv)
	}
}
