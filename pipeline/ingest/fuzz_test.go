package ingest

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// The fuzz targets: go test -tags duckdb_arrow -run '^$' -fuzz '^FuzzXxx$' -fuzztime 1m ./pipeline/ingest/
// Seeds are in testdata/fuzz/FuzzXxx/ besides the f.Add calls; a crash the fuzzer finds is
// written there too and becomes a regression test of the normal `go test` run.

func FuzzDetectKind(f *testing.F) {
	f.Add("region_code,year,indicator,sex,value")
	f.Add("Region_Code, YEAR ,indicator,sex,value,region_code")
	f.Add("region_code,name,level,parent_code")
	f.Add(hMicrodata)
	f.Add("year,opd_code,opd_name,program,activity,budget,realization,gender_responsive")
	f.Add("\ufeffregion_code,year")
	f.Fuzz(func(t *testing.T, line string) {
		header := strings.Split(line, ",")
		kind, err := DetectKind(header)
		if err != nil {
			if kind != "" || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "(expected") {
				t.Fatalf("DetectKind(%q) = %q, %q: want no kind and a one-line error", line, kind, err)
			}
			for _, k := range kinds {
				if len(k.missing(header)) == 0 {
					t.Fatalf("DetectKind(%q) failed, but the header has every column of %s", line, k.name)
				}
			}
			return
		}
		spec, ok := specOf(kind)
		if !ok || len(spec.missing(header)) != 0 {
			t.Fatalf("DetectKind(%q) = %q, whose required columns the header lacks", line, kind)
		}
		pos, extra := spec.columnMap(header)
		used := 0
		for _, p := range pos {
			if p >= len(header) {
				t.Fatalf("column position %d beyond the header", p)
			}
			if p >= 0 {
				used++
			}
		}
		if used+len(extra) > len(header) {
			t.Fatalf("%d used + %d extra columns > %d header fields", used, len(extra), len(header))
		}
	})
}

func FuzzSniffCSV(f *testing.F) {
	f.Add([]byte(hIndicators + "\n1275,2023,uhh,P,74.5,BPS,\n"))
	f.Add([]byte("\xef\xbb\xbfregion_code;year;indicator;sex;value\r\n1275;2023;uhh;P;74,5\r\n"))
	f.Add([]byte("a,\"b\nc\",d\n1,2,3\n"))
	f.Add([]byte("\xff\xfer\x00"))
	f.Add([]byte("x\ry\rz"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "f.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		h, err := sniffCSV(path)
		if err != nil {
			if !strings.HasPrefix(err.Error(), path+": ") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %q: want one line starting with the path", err)
			}
			return
		}
		if h.delim != "," && h.delim != ";" || h.line != 1 || len(h.fields) == 0 || len(h.sample) > sampleRows {
			t.Fatalf("header %+v", h)
		}
		for _, f := range h.fields {
			if !utf8.ValidString(f) {
				t.Fatalf("header field %q is not UTF-8", f)
			}
		}
	})
}

// fuzzLoad checks the invariants of a dry run of path: a one-line error naming the file, or a
// validated result whose problems name the file, a line of it and a reason; nothing stored.
func fuzzLoad(t *testing.T, db *sql.DB, path string, opts Options, lines int64) (Result, error) {
	t.Helper()
	opts.DryRun, opts.Now = true, fixedNow
	res, err := LoadFile(context.Background(), db, path, opts)
	if n := count(t, db, `SELECT (SELECT count(*) FROM batch) + (SELECT count(*) FROM rejected_row) + (SELECT count(*) FROM raw_indicator)
		+ (SELECT count(*) FROM raw_region) + (SELECT count(*) FROM raw_microdata) + (SELECT count(*) FROM raw_program)`); n != 0 {
		t.Fatalf("a dry run stored %d rows", n)
	}
	if err != nil {
		if !strings.HasPrefix(err.Error(), path+": ") || strings.Contains(err.Error(), "\n") {
			t.Fatalf("error %q: want one line starting with the path", err)
		}
		return res, err
	}
	if res.Status != "validated" || res.BatchID != 0 || res.Accepted < 0 || res.Rejected < 0 {
		t.Fatalf("dry run result %+v", res)
	}
	if res.Kind != "table" && res.Accepted+res.Rejected > lines { // a table has many facts a line
		t.Fatalf("%d accepted + %d rejected > %d lines", res.Accepted, res.Rejected, lines)
	}
	if int64(len(res.Problems)) != min(res.Rejected, maxProblems) {
		t.Fatalf("%d problems for %d rejected rows", len(res.Problems), res.Rejected)
	}
	for _, p := range res.Problems {
		if p.File != filepath.Base(path) || p.Line < 2 || p.Line > lines || !strings.Contains(p.Reason, "(expected") {
			t.Fatalf("problem %+v: want the file, a data line (2..%d) and a reason", p, lines)
		}
	}
	return res, nil
}

func physicalLines(data []byte) int64 {
	n := int64(bytes.Count(data, []byte{'\n'}))
	if len(data) > 0 && data[len(data)-1] != '\n' {
		n++
	}
	return n
}

// FuzzLoadCSV feeds whole files (header included) to a dry run.
func FuzzLoadCSV(f *testing.F) {
	for _, s := range []string{
		hIndicators + "\n1275,2023,uhh,P,74.5,BPS,\n1275,2023,uhh,L,x,,\n",
		"region_code;year;indicator;sex;value\n1275;2023;population;T;2.460.858\n1275;2023;uhh;P;73,5\n",
		hIndicators + "\n1275,2023,uhh,P,\"7\n4\",BPS,\n\n1275,2023,uhh,L,70,\"a\n",
		"region_code,name,level,parent_code\nQ1,Q,desa,Q2\nQ2,Q,kecamatan,1275\n",
		hMicrodata + "\n1275010,2024,a,1.5,P,30,12,3,bekerja,2,3000000,ya,y,22\n1275010,2024,a,1,L,30,,,,,,,,\n",
		"year,opd_code,opd_name,program,activity,budget,realization,gender_responsive,target_groups\n2024,1.02,D,P,A,1,1,ya,perempuan;anak\n",
		"Umur Harapan Hidup (UHH) menurut Kabupaten/Kota, 2023\nKabupaten/Kota;Laki-laki;Perempuan\nKota Medan;71,4;-\nKab. Karo;x;74\nSumber: BPS\n",
		"TPAK\nWilayah,2022,,2023,\n,L,P,L,P\n(1),(2),(3),(4),(5)\nKota Binjai,80,50,81,51\nJumlah,1,2,3,4\n",
	} {
		f.Add([]byte(s))
	}
	db := openWarehouse(f)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		path := filepath.Join(dir, "f.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		fuzzLoad(t, db, path, Options{}, physicalLines(data))
	})
}

var (
	refInt   = regexp.MustCompile(`^[+-]?[0-9]+(\.0+)?$`)
	refPoint = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$`)
	refComma = regexp.MustCompile(`^[+-]?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)(,[0-9]+)?$`)
	refSex   = map[string]string{"p": "P", "f": "P", "female": "P", "perempuan": "P", "wanita": "P", "l": "L", "m": "L", "male": "L",
		"laki-laki": "L", "laki_laki": "L", "lakilaki": "L", "pria": "L", "t": "T", "total": "T", "jumlah": "T"}
)

func refTrim(s string) string { return strings.TrimFunc(s, unicode.IsSpace) }

// FuzzIndicatorRow writes one good row and one fuzzed row (quoted as needed) and checks the
// counts (the two records are accepted or rejected, nothing lost) and, for an accepted fuzzed
// row, its typed values against Go's reading of the same text.
func FuzzIndicatorRow(f *testing.F) {
	f.Add("1275", "2023", "uhh", "perempuan", "74.5", false)
	f.Add(" 1275 ", "2023.0", "TPAK", "F", "1.234,5", true)
	f.Add("12", "0x7E4", "hls", "L", "1_0", false)
	f.Add("1275", "2020.5", "uhh", "t", "NaN", false)
	f.Add("\u00a01275", "+2023", "life_expectancy", "Laki-Laki", "1e2", false)
	db := openWarehouse(f)
	regions := map[string]bool{}
	rows, err := db.Query(`SELECT region_code FROM region`)
	if err != nil {
		f.Fatal(err)
	}
	for rows.Next() {
		var c string
		rows.Scan(&c)
		regions[c] = true
	}
	rows.Close()
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, region, year, indicator, sex, value string, semicolon bool) {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		if semicolon {
			w.Comma = ';'
		}
		w.Write([]string{"region_code", "year", "indicator", "sex", "value", "note"})
		w.Write([]string{"1275", "2000", "population", "T", "1", "good"})
		w.Write([]string{region, year, indicator, sex, value, "fuzzed"})
		w.Flush()
		data := b.Bytes()
		path := filepath.Join(dir, "row.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if strings.ContainsAny(region+year+sex+value, "\f\v\x1c\x1d\x1e\x1f\u0085") {
			return // spaces that Go trims and DuckDB's trim keeps (see FuzzMacros)
		}
		res, err := fuzzLoad(t, db, path, Options{}, physicalLines(data))
		if err != nil {
			if bytes.IndexByte(data, 0) >= 0 || bytes.Contains(data, []byte{'\r'}) {
				return // NUL: binary; a CR in the header line: refused as CR-only line ends
			}
			t.Fatalf("two-record file failed whole: %v\n%q", err, data)
		}
		if res.Accepted+res.Rejected != 2 {
			t.Fatalf("%d accepted + %d rejected, want the 2 records\n%q", res.Accepted, res.Rejected, data)
		}
		for _, p := range res.Problems {
			// The good row may fall only with the fuzzed one: same key, or a cross-row
			// contradiction naming it (a population P above the total, ...).
			if p.Line == 2 && !strings.Contains(p.Reason, "duplicate key") && !strings.Contains(p.Reason, "(line 3)") {
				t.Fatalf("the good row was rejected: %s", p)
			}
		}
		if res.Accepted != 2 {
			return
		}
		// Both accepted: validate them again with a real load in a transaction we can read.
		opts := Options{Now: fixedNow}
		got, err := LoadFile(context.Background(), db, path, opts)
		if err != nil || got.Accepted != 2 {
			t.Fatalf("load after a clean dry run: %+v, %v", got, err)
		}
		defer db.Exec(`DELETE FROM raw_indicator; DELETE FROM rejected_row; DELETE FROM batch`)
		var gRegion, gInd, gSex string
		var gYear int64
		var gValue float64
		if err := db.QueryRow(`SELECT region_code, year, indicator, sex, value FROM raw_indicator WHERE note = 'fuzzed'`).Scan(&gRegion, &gYear, &gInd, &gSex, &gValue); err != nil {
			t.Fatal(err)
		}
		if !regions[refTrim(region)] && !regions[gRegion] {
			t.Errorf("region %q accepted as %q: not a declared region", region, gRegion)
		}
		if ty := refTrim(year); !refInt.MatchString(ty) {
			t.Errorf("year %q accepted as %d: not a whole number", year, gYear)
		} else if y, _ := strconv.ParseFloat(ty, 64); int64(y) != gYear {
			t.Errorf("year %q accepted as %d", year, gYear)
		}
		if want, ok := refSex[strings.ToLower(refTrim(sex))]; !ok && sex != gSex || ok && want != gSex {
			t.Errorf("sex %q accepted as %q", sex, gSex)
		}
		tv := refTrim(value)
		var want float64
		// A semicolon file is read the Indonesian way only when its sample shows such a number
		// (detectDecimal); otherwise it is a plain-number file like a comma-separated one.
		comma := semicolon && (commaNumber.MatchString(strings.TrimSpace(value)) || commaNumber.MatchString(strings.TrimSpace(year)))
		if comma && refComma.MatchString(tv) {
			want, err = strconv.ParseFloat(strings.ReplaceAll(strings.ReplaceAll(tv, ".", ""), ",", "."), 64)
		} else if !comma && refPoint.MatchString(tv) {
			want, err = strconv.ParseFloat(tv, 64)
		} else {
			t.Errorf("value %q accepted as %v: not a number of the file's format", value, gValue)
			return
		}
		if err != nil || want != gValue || math.IsInf(gValue, 0) || math.IsNaN(gValue) {
			t.Errorf("value %q accepted as %v, want %v (%v)", value, gValue, want, err)
		}
	})
}

// FuzzLoadXLSX writes one sheet row of fuzzed cells below an indicators header.
func FuzzLoadXLSX(f *testing.F) {
	f.Add("1275", "2023", "uhh", "P", "74.5", 74.5, true)
	f.Add("1275", "2023", "uhh", "P", "74,5", 0.0, false)
	f.Add("", "45000", "hls", "wanita", "=1/0", math.Inf(1), true)
	db := openWarehouse(f)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, region, year, indicator, sex, text string, number float64, numeric bool) {
		x := excelize.NewFile()
		defer x.Close()
		x.SetSheetRow("Sheet1", "A1", &[]any{"region_code", "year", "indicator", "sex", "value"})
		var v any = text
		if numeric {
			v = number
		}
		if err := x.SetSheetRow("Sheet1", "A2", &[]any{region, year, indicator, sex, v}); err != nil {
			return // a value excelize cannot write (too long a text, ...)
		}
		path := filepath.Join(dir, "f.xlsx")
		if err := x.SaveAs(path); err != nil {
			return
		}
		res, err := fuzzLoad(t, db, path, Options{}, 2)
		if err == nil && res.Accepted+res.Rejected != 1 {
			empty := strings.TrimSpace(region+year+indicator+sex) == "" && !numeric && strings.TrimSpace(text) == ""
			if !empty || res.Accepted+res.Rejected != 0 {
				t.Fatalf("%d accepted + %d rejected, want the one row", res.Accepted, res.Rejected)
			}
		}
	})
}

// FuzzMacros checks the SQL normalisation macros against Go references: numbers (point and
// comma), whole numbers, sex. Whatever the macros accept, Go reads the same way.
func FuzzMacros(f *testing.F) {
	for _, s := range []string{"74.5", "1.234,5", " 12 ", "1_0", "0x1A", "2020.5", "2023.0", "-0", "1e309", "NaN", "perempuan", "\u00a0P", "+.5", "5."} {
		f.Add(s)
	}
	db := openWarehouse(f)
	ctx := context.Background()
	spec, _ := specOf("indicators")
	conns := map[string]*sql.Conn{}
	for _, d := range []string{"point", "comma"} {
		c, err := db.Conn(ctx)
		if err != nil {
			f.Fatal(err)
		}
		f.Cleanup(func() { c.Close() })
		if err := prepareSession(ctx, c, spec, d); err != nil {
			f.Fatal(err)
		}
		conns[d] = c
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
			return // the readers reject such text before the checks
		}
		if strings.ContainsAny(s, "\f\v\x1c\x1d\x1e\x1f\u0085") {
			return // spaces that Go trims and DuckDB's trim keeps: either reading is fine
		}
		ts := refTrim(s)
		for d, c := range conns {
			var num sql.NullFloat64
			var whole sql.NullInt64
			var sex sql.NullString
			if err := c.QueryRowContext(ctx, `SELECT ingest_num(?), ingest_int(?), ingest_sex(?)`, s, s, s).Scan(&num, &whole, &sex); err != nil {
				t.Fatalf("%s: %v", d, err)
			}
			if num.Valid && !math.IsInf(num.Float64, 0) && !math.IsNaN(num.Float64) {
				var want float64
				var err error
				switch {
				case d == "point" && refPoint.MatchString(ts):
					want, err = strconv.ParseFloat(ts, 64)
				case d == "comma" && refComma.MatchString(ts):
					want, err = strconv.ParseFloat(strings.ReplaceAll(strings.ReplaceAll(ts, ".", ""), ",", "."), 64)
				default:
					t.Fatalf("%s: ingest_num(%q) = %v, not a number of that format", d, s, num.Float64)
				}
				if err != nil || want != num.Float64 {
					t.Fatalf("%s: ingest_num(%q) = %v, Go reads %v (%v)", d, s, num.Float64, want, err)
				}
			} else if d == "comma" && refComma.MatchString(ts) {
				if v, err := strconv.ParseFloat(strings.ReplaceAll(strings.ReplaceAll(ts, ".", ""), ",", "."), 64); err == nil && !math.IsInf(v, 0) {
					t.Fatalf("comma: ingest_num(%q) = NULL, Go reads %v", s, v)
				}
			}
			if whole.Valid {
				y, err := strconv.ParseFloat(ts, 64)
				if !refInt.MatchString(ts) || err != nil || y != float64(whole.Int64) {
					t.Fatalf("ingest_int(%q) = %d: not that whole number", s, whole.Int64)
				}
			}
			want, ok := refSex[strings.ToLower(ts)]
			if sex.Valid != ok || ok && sex.String != want {
				t.Fatalf("ingest_sex(%q) = %v, want %q (%v)", s, sex, want, ok)
			}
		}
	})
}
