package ingest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"database/sql"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// hostileDir holds the small hostile files (committed); the big and binary ones are made by
// hostileGenerated in the test's temporary directory.
const hostileDir = "testdata/hostile"

// hostileOptions are the load options of the files that need other than the defaults.
var hostileOptions = map[string]Options{
	"strict_partial.csv": {Strict: true},
	"dry_run.csv":        {DryRun: true},
	"forced_kind.csv":    {Kind: "programs"},

	"table_title_only_forced.csv": {Kind: "table"},
	"table_header_only.csv":       {Kind: "table"},
}

const (
	hIndicators = "region_code,year,indicator,sex,value,source,note"
	hMicrodata  = "region_code,year,person_id,weight,sex,age,years_schooling,highest_education,labour_force_status,occupation_group,earnings,ever_married,last_birth_in_facility,age_at_first_birth"
)

// hostileGenerated makes the files that are too big or too binary to commit, in dir.
func hostileGenerated(t *testing.T, dir string) []string {
	t.Helper()
	files := map[string][]byte{}

	rng := rand.New(rand.NewPCG(8, 11))
	bin := make([]byte, 64<<10)
	for i := range bin {
		bin[i] = byte(rng.UintN(256))
	}
	files["binary.csv"] = bin
	files["binary_after_header.csv"] = append([]byte(hIndicators+"\n"), bin...)

	utf16Body := hIndicators + "\r\n1275,2023,uhh,P,74.5,BPS,\r\n"
	le, be := []byte{0xFF, 0xFE}, []byte{0xFE, 0xFF}
	for _, u := range utf16.Encode([]rune(utf16Body)) {
		le = append(le, byte(u), byte(u>>8))
		be = append(be, byte(u>>8), byte(u))
	}
	files["bom_utf16le.csv"] = le
	files["bom_utf16be.csv"] = be
	files["utf16le_no_bom.csv"] = le[2:]
	files["bom_utf32le.csv"] = append([]byte{0xFF, 0xFE, 0, 0}, []byte("r\x00\x00\x00")...)

	// One 10 MB note between two good rows.
	var long bytes.Buffer
	long.WriteString(hIndicators + "\n1275,2023,uhh,P,74.5,BPS,\n1275,2023,uhh,L,70.1,BPS,")
	long.Write(bytes.Repeat([]byte("x"), 10<<20))
	long.WriteString("\n1275,2023,hls,P,13,BPS,\n")
	files["long_field_10mb.csv"] = long.Bytes()
	// A 10 MB quoted field with newlines inside.
	var longq bytes.Buffer
	longq.WriteString(hIndicators + "\n1275,2023,uhh,P,74.5,BPS,\"")
	longq.Write(bytes.Repeat([]byte("ab\n"), 10<<20/3))
	longq.WriteString("\"\n1275,2023,hls,P,13,BPS,\n")
	files["long_quoted_field_10mb.csv"] = longq.Bytes()

	// 10,000 columns: the indicator columns and 9,993 others; one good row, one short row.
	var many bytes.Buffer
	many.WriteString(hIndicators)
	for i := 7; i < 10000; i++ {
		fmt.Fprintf(&many, ",extra_%d", i)
	}
	many.WriteString("\n1275,2023,uhh,P,74.5,BPS,")
	many.WriteString(strings.Repeat(",v", 9993))
	many.WriteString("\n1275,2023,uhh,L,70.1,BPS,\n")
	files["many_columns_10000.csv"] = many.Bytes()

	// A huge file: one row repeated (every row the same key, so every row is a duplicate).
	row := []byte("1275,2023,uhh,P,74.5,BPS,a note to make the row longer than usual\n")
	var huge bytes.Buffer
	huge.WriteString(hIndicators + "\n")
	huge.Write(bytes.Repeat(row, (16<<20)/len(row)))
	files["huge_repeated_row.csv"] = huge.Bytes()

	// A table of 1,000 columns: one sex per column, each sex in 333 of them (the year from
	// the title), so every value repeats its key.
	var wide bytes.Buffer
	wide.WriteString("Umur Harapan Hidup (UHH) menurut Kabupaten/Kota, 2023\nKabupaten/Kota")
	sexes := []string{"Laki-laki", "Perempuan", "Jumlah"}
	for i := 1; i < 1000; i++ {
		wide.WriteString("," + sexes[i%3])
	}
	for _, name := range []string{"\nKota Medan", "\nKota Binjai"} {
		wide.WriteString(name + strings.Repeat(",70.5", 999))
	}
	files["table_1000_columns.csv"] = append(wide.Bytes(), '\n')

	files["not_a_zip.xlsx"] = []byte("region_code,year,indicator,sex,value\n1275,2023,uhh,P,74.5\n")
	files["truncated.parquet"] = []byte("PAR1\x15\x04\x15\x10\x15\x14L\x15\x02\x15\x00\x12\x00\x00")

	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	names := []string{"sparse_2gb.csv"}
	sparse, err := os.Create(filepath.Join(dir, "sparse_2gb.csv"))
	if err != nil {
		t.Fatal(err)
	}
	sparse.WriteString(hIndicators + "\n1275,2023,uhh,P,74.5,BPS,\n")
	if err := sparse.Truncate(2 << 30); err != nil {
		t.Fatal(err)
	}
	sparse.Close()

	names = append(names, hostileXLSX(t, dir)...)
	for name := range files {
		names = append(names, name)
	}
	return names
}

// hostileXLSX writes the hostile workbooks into dir and returns their names.
func hostileXLSX(t *testing.T, dir string) []string {
	t.Helper()
	header := []any{"region_code", "year", "indicator", "sex", "value", "source"}
	save := func(name string, f *excelize.File) string {
		t.Helper()
		if err := f.SaveAs(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
		return name
	}
	var names []string

	// Formulas: one with a cached value (the spreadsheet computed it), one without.
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &header)
	f.SetSheetRow("Sheet1", "A2", &[]any{"1275", 2023, "uhh", "P", 74.5, "BPS"})
	f.SetSheetRow("Sheet1", "A3", &[]any{"1275", 2023, "uhh", "L", nil, "BPS"})
	f.SetCellFormula("Sheet1", "E3", "E2-4")
	f.SetSheetRow("Sheet1", "A4", &[]any{"1275", 2023, "hls", "P", nil, "BPS"})
	f.SetCellFormula("Sheet1", "E4", "=1/0")
	names = append(names, save("formulas.xlsx", f))
	// The cached value of E3 is written by hand (excelize does not compute formulas).
	patchXLSX(t, filepath.Join(dir, "formulas.xlsx"), "xl/worksheets/sheet1.xml", func(s string) string {
		return strings.Replace(s, "<f>E2-4</f>", "<f>E2-4</f><v>70.5</v>", 1)
	})

	// Merged cells: the year and region written once for three rows.
	f = excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &header)
	f.SetSheetRow("Sheet1", "A2", &[]any{"1275", 2023, "uhh", "P", 74.5, "BPS"})
	f.SetSheetRow("Sheet1", "C3", &[]any{"uhh", "L", 70.1, "BPS"})
	f.SetSheetRow("Sheet1", "C4", &[]any{"hls", "P", 13, "BPS"})
	f.MergeCell("Sheet1", "A2", "A4")
	f.MergeCell("Sheet1", "B2", "B4")
	names = append(names, save("merged_cells.xlsx", f))

	// A hidden first sheet (an old version) before the visible one.
	f = excelize.NewFile()
	f.SetSheetName("Sheet1", "lama")
	f.SetSheetRow("lama", "A1", &header)
	f.SetSheetRow("lama", "A2", &[]any{"1275", 2020, "uhh", "P", 1, "old"})
	f.NewSheet("baru")
	f.SetSheetRow("baru", "A1", &header)
	f.SetSheetRow("baru", "A2", &[]any{"1275", 2023, "uhh", "P", 74.5, "new"})
	f.SetActiveSheet(1)
	if err := f.SetSheetVisible("lama", false); err != nil {
		t.Fatal(err)
	}
	names = append(names, save("hidden_sheet.xlsx", f))

	f = excelize.NewFile()
	names = append(names, save("empty_sheet.xlsx", f))

	// A table whose every cell is merged: the title over the width, the years over their
	// sexes, names over two rows, values over two columns and two rows.
	f = excelize.NewFile()
	for cell, v := range map[string]any{"A1": "Umur Harapan Hidup (UHH) menurut Kabupaten/Kota dan Jenis Kelamin",
		"A3": "Kabupaten/Kota", "B3": 2022, "D3": 2023, "B4": "Laki-laki", "C4": "Perempuan", "D4": "Laki-laki", "E4": "Perempuan",
		"A5": "Kota Medan", "B5": "71,2", "D5": 71.4, "A7": "Kabupaten Karo", "B7": 70, "C7": "-", "D7": 70.5, "E7": 74} {
		f.SetCellValue("Sheet1", cell, v)
	}
	for _, m := range [][2]string{{"A1", "E2"}, {"A3", "A4"}, {"B3", "C3"}, {"D3", "E3"}, {"A5", "A6"}, {"B5", "C6"}, {"D5", "E5"}, {"D6", "E6"}} {
		f.MergeCell("Sheet1", m[0], m[1])
	}
	names = append(names, save("table_merged_everywhere.xlsx", f))

	// Years and values as dates, text in number cells, a row wider than the header.
	f = excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &header)
	f.SetSheetRow("Sheet1", "A2", &[]any{1275, 2023, "uhh", "P", "74,5", "BPS"})
	f.SetSheetRow("Sheet1", "A3", &[]any{"1275", 45000, "uhh", "L", 70.1, "BPS"})
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	f.SetCellStyle("Sheet1", "B3", "B3", style)
	f.SetSheetRow("Sheet1", "A4", &[]any{"1275", 2023, "hls", "P", 13, "BPS", "surplus"})
	f.SetSheetRow("Sheet1", "A5", &[]any{"1275", true, "hls", "L", 12, "BPS"})
	names = append(names, save("cell_types.xlsx", f))

	// A truncated workbook: the first half of a good one.
	var buf bytes.Buffer
	f = excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &header)
	f.SetSheetRow("Sheet1", "A2", &[]any{"1275", 2023, "uhh", "P", 74.5, "BPS"})
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "truncated.xlsx"), buf.Bytes()[:buf.Len()/2], 0o644); err != nil {
		t.Fatal(err)
	}
	names = append(names, "truncated.xlsx")

	// Zip bombs: sheet XML (and another part) that inflate to 1 GiB from about 1 MB.
	names = append(names, zipBomb(t, dir, "zip_bomb_sheet.xlsx", "xl/worksheets/sheet1.xml"))
	names = append(names, zipBomb(t, dir, "zip_bomb_styles.xlsx", "xl/styles.xml"))
	return names
}

// patchXLSX rewrites one part of a workbook.
func patchXLSX(t *testing.T, path, part string, edit func(string) string) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, e := range zr.File {
		r, err := e.Open()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		b.ReadFrom(r)
		r.Close()
		body := b.String()
		if e.Name == part {
			body = edit(body)
		}
		w, err := zw.Create(e.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	zr.Close()
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// zipBomb writes a workbook whose part inflates to 1 GiB of blanks inside an XML comment.
// The deflate stream is one compressed 1 MiB block of blanks repeated 1024 times (non-final
// blocks concatenate), so the bomb is made in well under a second.
func zipBomb(t *testing.T, dir, name, part string) string {
	t.Helper()
	var good bytes.Buffer
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"region_code", "year", "indicator", "sex", "value"})
	if err := f.Write(&good); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(good.Bytes()), int64(good.Len()))
	if err != nil {
		t.Fatal(err)
	}
	block := func(data []byte, final bool) []byte {
		var b bytes.Buffer
		w, _ := flate.NewWriter(&b, flate.BestCompression)
		w.Write(data)
		if final {
			w.Close()
		} else {
			w.Flush()
		}
		return b.Bytes()
	}
	head := []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n<!--")
	blank := bytes.Repeat([]byte(" "), 1<<20)
	tail := []byte("-->")
	var stream bytes.Buffer
	stream.Write(block(head, false))
	blankBlock := block(blank, false)
	crc := crc32.Update(0, crc32.IEEETable, head)
	for i := 0; i < 1024; i++ {
		stream.Write(blankBlock)
		crc = crc32.Update(crc, crc32.IEEETable, blank)
	}
	stream.Write(block(tail, true))
	crc = crc32.Update(crc, crc32.IEEETable, tail)

	out, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	zw := zip.NewWriter(out)
	for _, e := range zr.File {
		if e.Name == part {
			w, err := zw.CreateRaw(&zip.FileHeader{Name: e.Name, Method: zip.Deflate, CRC32: crc,
				CompressedSize64: uint64(stream.Len()), UncompressedSize64: uint64(len(head) + 1024*len(blank) + len(tail))})
			if err != nil {
				t.Fatal(err)
			}
			w.Write(stream.Bytes())
			continue
		}
		w, err := zw.Create(e.Name)
		if err != nil {
			t.Fatal(err)
		}
		r, _ := e.Open()
		io.Copy(w, r)
		r.Close()
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return name
}

// warehouseCounts is the number of rows of every table a load may write.
func warehouseCounts(t *testing.T, db *sql.DB) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, table := range []string{"batch", "raw_region", "raw_indicator", "raw_microdata", "raw_program", "rejected_row"} {
		out[table] = count(t, db, "SELECT count(*) FROM "+table)
	}
	return out
}

// shorten keeps golden lines readable when a value is megabytes long.
func shorten(s string) string {
	if len(s) <= 200 {
		return s
	}
	return fmt.Sprintf("%s...(%d bytes)", s[:120], len(s))
}

// Every hostile file gives the outcome in testdata/hostile/expected.golden: a one-line
// whole-file error that leaves nothing behind, or a batch holding exactly the valid rows.
func TestHostileFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("hostile corpus: big files")
	}
	ctx := context.Background()
	db := openWarehouse(t)
	gen := t.TempDir()
	paths := map[string]string{}
	entries, err := os.ReadDir(hostileDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".golden") {
			paths[e.Name()] = filepath.Join(hostileDir, e.Name())
		}
	}
	for _, name := range hostileGenerated(t, gen) {
		if _, dup := paths[name]; dup {
			t.Fatalf("%s is both committed and generated", name)
		}
		paths[name] = filepath.Join(gen, name)
	}
	names := make([]string, 0, len(paths))
	for name := range paths {
		names = append(names, name)
	}
	sort.Strings(names)
	if len(names) < 40 {
		t.Errorf("only %d hostile files, want at least 40", len(names))
	}

	var golden strings.Builder
	for _, name := range names {
		path := paths[name]
		opts := hostileOptions[name]
		opts.Now = fixedNow
		before := warehouseCounts(t, db)
		res, err := LoadFile(ctx, db, path, opts)
		after := warehouseCounts(t, db)
		fmt.Fprintf(&golden, "== %s\n", name)
		delta := map[string]int64{}
		for table, n := range after {
			if d := n - before[table]; d != 0 {
				delta[table] = d
			}
		}
		if err != nil {
			msg := strings.ReplaceAll(err.Error(), filepath.Dir(path), "DIR")
			fmt.Fprintf(&golden, "error: %s\n", shorten(msg))
			if strings.Contains(msg, "\n") {
				t.Errorf("%s: error has several lines: %q", name, msg)
			}
			if !strings.HasPrefix(err.Error(), path+": ") {
				t.Errorf("%s: error does not start with the file name: %q", name, msg)
			}
			if len(delta) != 0 {
				t.Errorf("%s: failed whole but changed the warehouse: %v", name, delta)
			}
			continue
		}
		fmt.Fprintf(&golden, "%s %s: %d accepted, %d rejected (%s)\n", res.Format, res.Kind, res.Accepted, res.Rejected, res.Status)
		if len(res.Ignored) > 0 {
			fmt.Fprintf(&golden, "ignored columns: %d (%s)\n", len(res.Ignored), shorten(strings.Join(res.Ignored, ",")))
		}
		for i, p := range res.Problems {
			if i == 5 {
				fmt.Fprintf(&golden, "... and %d more\n", res.Rejected-5)
			}
			if i < 5 {
				p.Value = shorten(p.Value)
				golden.WriteString(p.String() + "\n")
			}
			if p.File != name || p.Line < 1 || p.Reason == "" || !strings.Contains(p.Reason, "(expected") {
				t.Errorf("%s: problem without file, line or reason: %+v", name, p)
			}
		}
		checkHostileDelta(t, db, name, res, opts, delta)
	}
	checkGolden(t, "hostile/expected.golden", golden.String())
}

// checkHostileDelta checks what a successful load left: nothing for a dry run; otherwise one
// batch, the accepted rows in the kind's raw table (none on a rejected line), every rejected
// row in rejected_row.
func checkHostileDelta(t *testing.T, db *sql.DB, name string, res Result, opts Options, delta map[string]int64) {
	t.Helper()
	spec, _ := specOf(res.Kind)
	want := map[string]int64{}
	if !opts.DryRun {
		want["batch"] = 1
		if res.Accepted > 0 {
			want[spec.table] = res.Accepted
		}
		if res.Rejected > 0 {
			want["rejected_row"] = res.Rejected
		}
	}
	if fmt.Sprint(delta) != fmt.Sprint(want) {
		t.Errorf("%s: warehouse changed by %v, want %v", name, delta, want)
	}
	if opts.DryRun || res.Accepted == 0 || res.Kind == "table" { // a table has many facts per line
		return
	}
	if n := count(t, db, `SELECT count(*) FROM `+spec.table+` r JOIN rejected_row j ON j.batch_id = r.batch_id AND j.line = r.line
		WHERE r.batch_id = ?`, res.BatchID); n != 0 {
		t.Errorf("%s: %d accepted rows are on a rejected line", name, n)
	}
	if n := count(t, db, `SELECT count(DISTINCT line) FROM `+spec.table+` WHERE batch_id = ?`, res.BatchID); n != res.Accepted {
		t.Errorf("%s: %d distinct lines for %d accepted rows", name, n, res.Accepted)
	}
}
