package ingest

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/setara-pug/setara/pipeline/warehouse"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func fixedNow() time.Time { return time.Date(2026, 11, 29, 2, 0, 0, 0, time.UTC) }

// mustLoad loads path with opts, failing the test on an error.
func mustLoad(t testing.TB, db *sql.DB, path string, opts Options) Result {
	t.Helper()
	res, err := LoadFile(context.Background(), db, path, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// problemPlaces is where res's problems are, as "line:column".
func problemPlaces(res Result) []string {
	var got []string
	for _, p := range res.Problems {
		got = append(got, fmt.Sprintf("%d:%s", p.Line, p.Column))
	}
	return got
}

func openWarehouse(t testing.TB) *sql.DB {
	t.Helper()
	w, err := warehouse.Open(context.Background(), filepath.Join(t.TempDir(), "w.duckdb"), fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w.DB
}

func writeFile(t testing.TB, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func count(t testing.TB, db *sql.DB, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// The "done when" case: 1,005 rows, 5 bad ones on known lines.
func TestLoadIndicatorsReportsBadRowsWithTheirLines(t *testing.T) {
	ctx := context.Background()
	db := openWarehouse(t)
	var b strings.Builder
	b.WriteString("region_code,year,indicator,sex,value\n")
	bad := map[int64]struct{ row, column string }{
		101: {"1275,19x9,uhh,P,70", "year"},
		202: {"1275,2001,no_such_thing,P,70", "indicator"},
		303: {"1275,2002,uhh,X,70", "sex"},
		404: {"9999,2003,uhh,P,70", "region_code"},
		505: {"1275,2095,uhh,P,seventy", "value"},
	}
	line := int64(2)
	for i := 0; i < 1000; i++ {
		if r, ok := bad[line]; ok {
			b.WriteString(r.row + "\n")
			line++
		}
		fmt.Fprintf(&b, "%s,%d,%s,%s,%.1f\n", []string{"1275", "12"}[i/600], 1950+(i/6)%100, []string{"uhh", "hls", "rls"}[i%6/2], []string{"P", "L"}[i%2], 15+float64(i%50)/10)
		line++
	}
	path := writeFile(t, t.TempDir(), "bad.csv", b.String())

	res, err := LoadFile(ctx, db, path, Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if res.Accepted != 1000 || res.Rejected != 5 || res.Status != "loaded" || res.Kind != "indicators" {
		t.Fatalf("result = %+v, want 1000 accepted, 5 rejected, loaded indicators", res)
	}
	if len(res.Problems) != 5 {
		t.Fatalf("problems = %v", res.Problems)
	}
	for _, p := range res.Problems {
		want, ok := bad[p.Line]
		if !ok || p.Column != want.column || p.File != "bad.csv" {
			t.Errorf("problem %s: not one of the bad rows (line, column)", p)
		}
		if !strings.HasPrefix(p.String(), fmt.Sprintf("bad.csv:%d:%s: field ", p.Line, want.column)) || !strings.Contains(p.Reason, "(expected") {
			t.Errorf("problem text %q", p)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM rejected_row WHERE batch_id = ? AND file = 'bad.csv'`, res.BatchID); n != 5 {
		t.Errorf("rejected_row has %d rows, want 5", n)
	}
	if n := count(t, db, `SELECT count(*) FROM raw_indicator WHERE batch_id = ?`, res.BatchID); n != 1000 {
		t.Errorf("raw_indicator has %d rows, want 1000", n)
	}
	// Lines of accepted rows: the row after line 505 is line 506; aliases became codes.
	if n := count(t, db, `SELECT count(*) FROM raw_indicator WHERE line IN (101, 202, 303, 404, 505) OR indicator NOT IN ('life_expectancy', 'expected_schooling', 'mean_schooling')`); n != 0 {
		t.Errorf("%d accepted rows on bad lines or with unresolved aliases", n)
	}
	if n := count(t, db, `SELECT max(line) FROM raw_indicator`); n != 1006 {
		t.Errorf("last line = %d, want 1006", n)
	}

	again, err := LoadFile(ctx, db, path, Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if !again.Unchanged || again.Status != "unchanged" || again.BatchID != res.BatchID {
		t.Errorf("second load = %+v, want unchanged batch %d", again, res.BatchID)
	}
	if n := count(t, db, `SELECT (SELECT count(*) FROM batch) + (SELECT count(*) FROM raw_indicator) + (SELECT count(*) FROM rejected_row)`); n != 1+1000+5 {
		t.Errorf("second load changed the warehouse: %d rows in batch+raw+rejected", n)
	}
}

// The same rows in every format load identical values.
func TestFormatsLoadIdenticalValues(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	rows := [][]string{
		{"1275", "2023", "uhh", "perempuan", "74.25", "BPS"},
		{"1275", "2023", "life_expectancy", "laki-laki", "70.5", ""},
		{"1275010", "2024", "population", "T", "1234567.5", "BPS"},
		{"12", "2022", "TPAK", "wanita", "51", "Sakernas"},
	}
	var plain, indo strings.Builder
	plain.WriteString("Region_Code,YEAR,indicator,sex,value,source\n")
	indo.WriteString("\ufeffregion_code;year;indicator;sex;value;source\r\n")
	for _, r := range rows {
		plain.WriteString(strings.Join(r, ",") + "\n")
		v := strings.Replace(r[4], ".", ",", 1)
		if r[4] == "1234567.5" {
			v = "1.234.567,5"
		}
		indo.WriteString(strings.Join([]string{r[0], r[1], r[2], r[3], v, r[5]}, ";") + "\r\n")
	}
	csvPath := writeFile(t, dir, "plain.csv", plain.String())
	indoPath := writeFile(t, dir, "indo.csv", indo.String())

	x := excelize.NewFile()
	x.SetCellValue("Sheet1", "A1", "Indikator gender Kota Medan") // a title row above the header
	x.SetSheetRow("Sheet1", "A3", &[]any{"region_code", "year", "indicator", "sex", "value", "source"})
	for i, r := range rows {
		var v float64
		fmt.Sscan(r[4], &v)
		x.SetSheetRow("Sheet1", fmt.Sprintf("A%d", 4+i), &[]any{r[0], r[1], r[2], r[3], v, r[5]})
	}
	xlsxPath := filepath.Join(dir, "sheet.xlsx")
	if err := x.SaveAs(xlsxPath); err != nil {
		t.Fatal(err)
	}
	db := openWarehouse(t)
	pqPath := filepath.Join(dir, "rows.parquet")
	if _, err := db.Exec(`COPY (SELECT region_code, year::INTEGER AS year, indicator, sex, value::DOUBLE AS value, nullif(source, '') AS source
		FROM read_csv(?, all_varchar = true)) TO '`+pqPath+`' (FORMAT parquet)`, csvPath); err != nil {
		t.Fatal(err)
	}

	var want string
	for _, p := range []string{csvPath, indoPath, xlsxPath, pqPath} {
		res, err := LoadFile(ctx, db, p, Options{Now: fixedNow})
		if err != nil {
			t.Fatal(err)
		}
		if res.Accepted != int64(len(rows)) || res.Rejected != 0 {
			t.Fatalf("%s: %+v", p, res)
		}
		var got string
		if err := db.QueryRow(`SELECT string_agg(concat_ws('|', region_code, year, indicator, sex, value, coalesce(source, '-')), '; ' ORDER BY line)
			FROM raw_indicator WHERE batch_id = ?`, res.BatchID).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if want == "" {
			want = got
			if !strings.Contains(got, "1275010|2024|population|T|1234567.5|BPS") || !strings.Contains(got, "12|2022|labour_force_participation|P|51.0|Sakernas") {
				t.Fatalf("plain CSV values: %s", got)
			}
		} else if got != want {
			t.Errorf("%s loaded\n%s\nwant (as plain CSV)\n%s", filepath.Base(p), got, want)
		}
	}
	if n := count(t, db, `SELECT min(line) FROM raw_indicator r JOIN batch b USING (batch_id) WHERE b.format = 'xlsx'`); n != 4 {
		t.Errorf("first XLSX data row line = %d, want sheet row 4", n)
	}
}

func TestQuotedNewlinesAndBlankLinesKeepExactLines(t *testing.T) {
	db := openWarehouse(t)
	body := "region_code,year,indicator,sex,value,note\n" +
		"1275,2020,uhh,P,70,\"two\nlines\"\n" + // lines 2-3
		"\n" + // line 4, blank
		"1275,2020,uhh,L,bad,x\n" + // line 5
		"1275,2020,uhh,T,68,\"a, \"\"quoted\"\" note\"\n" + // line 6
		"1275,2021,uhh,P,71\n" // line 7, a field short
	path := writeFile(t, t.TempDir(), "q.csv", body)
	got := problemPlaces(mustLoad(t, db, path, Options{Now: fixedNow}))
	if strings.Join(got, " ") != "5:value 7:note" {
		t.Errorf("problems at %v, want 5:value 7:note", got)
	}
	var lines, note string
	db.QueryRow(`SELECT string_agg(line::VARCHAR, ',' ORDER BY line), string_agg(note, '|' ORDER BY line) FROM raw_indicator`).Scan(&lines, &note)
	if lines != "2,6" || note != "two\nlines|a, \"quoted\" note" {
		t.Errorf("accepted lines %q notes %q; want 2,6 and the notes unquoted", lines, note)
	}
}

// Whole-file failures: one line naming the file, nothing loaded.
func TestFileErrorsAreOneLineAndLoadNothing(t *testing.T) {
	db := openWarehouse(t)
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "folder.csv"), 0o755)
	writeFile(t, dir, "empty.csv", "")
	writeFile(t, dir, "unknown.csv", "foo,bar\n1,2\n")
	writeFile(t, dir, "fake.xlsx", "region_code,year\n")
	writeFile(t, dir, "short.csv", "region_code,year,sex,value\n1275,2020,P,1\n")
	writeFile(t, dir, "fake.parquet", "not parquet")
	var out strings.Builder
	for _, name := range []string{"missing.csv", "folder.csv", "empty.csv", "unknown.csv", "fake.xlsx", "short.csv", "fake.parquet"} {
		opts := Options{Now: fixedNow}
		_, err := LoadFile(context.Background(), db, filepath.Join(dir, name), opts)
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		msg := strings.ReplaceAll(err.Error(), dir, "DIR")
		if strings.Contains(msg, "\n") {
			t.Errorf("%s: error has several lines: %q", name, msg)
		}
		out.WriteString(msg + "\n")
	}
	checkGolden(t, "file_errors.golden", out.String())
	if n := count(t, db, `SELECT (SELECT count(*) FROM batch) + (SELECT count(*) FROM raw_indicator) + (SELECT count(*) FROM rejected_row)`); n != 0 {
		t.Errorf("failed files left %d rows behind", n)
	}
}

func TestStrictLoadsNothingButRecordsRejects(t *testing.T) {
	db := openWarehouse(t)
	path := writeFile(t, t.TempDir(), "s.csv", "region_code,year,indicator,sex,value\n1275,2020,uhh,P,70\n1275,2020,uhh,L,700\n")
	res := mustLoad(t, db, path, Options{Strict: true, Now: fixedNow})
	if res.Status != "rejected" || res.Accepted != 0 || res.Rejected != 1 {
		t.Errorf("strict result %+v", res)
	}
	if n := count(t, db, `SELECT count(*) FROM raw_indicator`); n != 0 {
		t.Errorf("strict load kept %d rows", n)
	}
	if n := count(t, db, `SELECT count(*) FROM batch WHERE status = 'rejected' AND strict`); n != 1 {
		t.Errorf("batch rows with status rejected: %d", n)
	}
	if n := count(t, db, `SELECT count(*) FROM rejected_row WHERE line = 3 AND "column" = 'value'`); n != 1 {
		t.Errorf("rejected_row for line 3: %d", n)
	}
}

func TestDryRunLoadsNothing(t *testing.T) {
	db := openWarehouse(t)
	path := writeFile(t, t.TempDir(), "v.csv", "region_code,year,indicator,sex,value\n1275,2020,uhh,P,70\n1275,2020,uhh,L,x\n")
	res := mustLoad(t, db, path, Options{DryRun: true, Now: fixedNow})
	if res.Status != "validated" || res.Accepted != 1 || res.Rejected != 1 || len(res.Problems) != 1 {
		t.Errorf("dry run result %+v", res)
	}
	if n := count(t, db, `SELECT (SELECT count(*) FROM batch) + (SELECT count(*) FROM raw_indicator) + (SELECT count(*) FROM rejected_row)`); n != 0 {
		t.Errorf("dry run left %d rows", n)
	}
}

func TestRegionsDeclareAndRedeclare(t *testing.T) {
	ctx := context.Background()
	db := openWarehouse(t)
	dir := t.TempDir()
	regions := writeFile(t, dir, "regions.csv", "region_code,name,level,parent_code\nMYS,Malaysia,negara,\nMYS14,Kuala Lumpur,province,MYS\n1275,Kota Medan (baru),kota,12\n")
	facts := writeFile(t, dir, "facts.csv", "region_code,year,indicator,sex,value\nMYS14,2023,uhh,P,77\n")
	var results []Result
	err := LoadFiles(ctx, db, []string{facts, regions}, Options{Now: fixedNow}, func(r Result, err error) {
		if err != nil {
			t.Fatal(err)
		}
		results = append(results, r)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 2 || results[0].Kind != "regions" || results[0].Accepted != 3 || results[1].Accepted != 1 {
		t.Fatalf("results %+v, want regions first, all accepted", results)
	}
	var name, level, parent string
	db.QueryRow(`SELECT name, level, parent_code FROM region WHERE region_code = '1275'`).Scan(&name, &level, &parent)
	if name != "Kota Medan (baru)" || level != "regency" || parent != "12" {
		t.Errorf("re-declared 1275 = %q %q %q", name, level, parent)
	}
	second := writeFile(t, dir, "regions2.csv", "region_code,name,level,parent_code\nMYS14,Wilayah Persekutuan Kuala Lumpur,province,MYS\n")
	if _, err := LoadFile(ctx, db, second, Options{Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	db.QueryRow(`SELECT name FROM region WHERE region_code = 'MYS14'`).Scan(&name)
	if name != "Wilayah Persekutuan Kuala Lumpur" {
		t.Errorf("MYS14 name after re-declaration = %q", name)
	}
}

func TestValidateSessionSeesRegionsOfEarlierFiles(t *testing.T) {
	db := openWarehouse(t)
	dir := t.TempDir()
	regions := writeFile(t, dir, "r.csv", "region_code,name,level,parent_code\nXYZ,Xyz,country,\n")
	facts := writeFile(t, dir, "f.csv", "region_code,year,indicator,sex,value\nXYZ,2023,uhh,P,77\n")
	var rejected int64
	LoadFiles(context.Background(), db, []string{facts, regions}, Options{DryRun: true, Now: fixedNow}, func(r Result, err error) {
		if err != nil {
			t.Fatal(err)
		}
		rejected += r.Rejected
	})
	if rejected != 0 {
		t.Errorf("validate rejected %d rows; the regions file declares XYZ", rejected)
	}
	if n := count(t, db, `SELECT count(*) FROM region WHERE region_code = 'XYZ'`); n != 0 {
		t.Errorf("validate declared XYZ in the warehouse")
	}
}
