package analyst_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/setara-pug/setara/dashboards/analyst"
	"github.com/setara-pug/setara/pipeline/snapshot/snapshottest"
)

func TestGuardRefusesAllButOneSelect(t *testing.T) {
	db := snapshottest.Snapshot(t)
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "secret.csv")
	if err := os.WriteFile(file, []byte("a\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	refused := []string{
		"",
		"   ",
		"SELECT 1; SELECT 2",
		"SELECT 1; DROP TABLE region",
		"SELECT * FROM region;\nINSERT INTO region VALUES ('x','x','x','x')",
		"COPY region TO '" + filepath.Join(t.TempDir(), "out.csv") + "'",
		"ATTACH '" + filepath.Join(t.TempDir(), "x.duckdb") + "' AS x",
		"INSTALL httpfs",
		"LOAD httpfs",
		"CREATE TABLE x AS SELECT 1",
		"CREATE TEMP VIEW v AS SELECT 1",
		"PRAGMA database_list",
		"SET threads = 1",
		"RESET threads",
		"EXPLAIN SELECT 1",
		"DETACH snap",
		"CALL pragma_version()",
		"SELECT * FROM read_csv('" + file + "')",
		"SELECT * FROM read_csv_auto('" + file + "')",
		"SELECT content FROM read_text('" + file + "')",
		"SELECT * FROM read_blob('" + file + "')",
		"SELECT * FROM '" + file + "'",
		"FROM '" + file + "'",
		"SELECT * FROM parquet_scan('x.parquet')",
		"SELECT * FROM glob('/etc/*')",
		"SELECT (SELECT count(*) FROM read_text('" + file + "')) AS n",
		"WITH f AS (SELECT * FROM READ_CSV('" + file + "')) SELECT * FROM f",
		"SELECT * FROM query('SELECT 1')",
		"SELEC 1",
	}
	for _, q := range refused {
		err := analyst.Guard(ctx, db, q)
		var re *analyst.RefusedError
		if !errors.As(err, &re) {
			t.Errorf("Guard(%q) = %v, want a refusal", q, err)
			continue
		}
		if re.Reason == "" || strings.Contains(re.Reason, "\n") {
			t.Errorf("Guard(%q) reason %q: want one non-empty line", q, re.Reason)
		}
	}
	accepted := []string{
		"SELECT 1",
		"SELECT ';' AS semicolon",
		"SELECT 1 -- a comment; DROP TABLE region\n",
		"SELECT /* ; COPY region TO 'x' */ count(*) FROM region",
		"FROM gender_index",
		"SELECT * FROM main.gender_index WHERE year = ?",
		"SELECT 1 UNION ALL SELECT 2",
		"WITH a AS (SELECT 1 AS x) SELECT x FROM a",
		"WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT n FROM r",
		"VALUES (1), (2)",
		"DESCRIBE gender_index",
		"SELECT regexp_replace('read_csv(x)', 'x', 'y')",
	}
	for _, q := range accepted {
		if err := analyst.Guard(ctx, db, q); err != nil {
			t.Errorf("Guard(%q) = %v, want accepted", q, err)
		}
	}
}

// runOnFixture runs q on the fixture snapshot and fails the test on an error.
func runOnFixture(t *testing.T, q analyst.Query) *analyst.Result {
	t.Helper()
	res, err := analyst.Run(context.Background(), snapshottest.Snapshot(t), q)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestRunSemicolonInsideLiteralAndComment(t *testing.T) {
	res := runOnFixture(t, analyst.Query{
		SQL: "SELECT 'a;b' AS s, /* ; */ count(*) AS n FROM region -- ; SELECT 2",
	})
	if len(res.Rows) != 1 || res.Rows[0][0] != "a;b" || res.Rows[0][1] != int64(3) {
		t.Errorf("rows = %v, want [[a;b 3]]", res.Rows)
	}
}

func TestRunParamsColumnsAndTypes(t *testing.T) {
	res := runOnFixture(t, analyst.Query{
		SQL:    "SELECT region_code, year, value FROM gender_index WHERE index_code = ? AND year = ? ORDER BY region_code",
		Params: []any{"ipg", 2023},
	})
	if strings.Join(res.Columns, ",") != "region_code,year,value" || strings.Join(res.Types, ",") != "VARCHAR,INTEGER,DOUBLE" {
		t.Errorf("columns %v types %v", res.Columns, res.Types)
	}
	checkWritten(t, "CSV", res.WriteCSV, "region_code,year,value\n1275,2023,94.75\n1275010,2023,\n")
	checkWritten(t, "JSON", jsonFor(res, "run-000001"),
		`{"columns":["region_code","year","value"],"rows":[["1275",2023,94.75],["1275010",2023,null]],"truncated":false,"snapshot":"run-000001"}`+"\n")
}

// checkWritten fails t unless write writes exactly want (what names the format); it returns
// what was written.
func checkWritten(t *testing.T, what string, write func(io.Writer) error, want string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := write(&b); err != nil {
		t.Fatal(err)
	}
	if b.String() != want {
		t.Errorf("%s:\n%s\nwant:\n%s", what, b.String(), want)
	}
	return b.Bytes()
}

// jsonFor is res.WriteJSON for snapshot id.
func jsonFor(res *analyst.Result, id string) func(io.Writer) error {
	return func(w io.Writer) error { return res.WriteJSON(w, id) }
}

func TestRunTruncatesAtMaxRows(t *testing.T) {
	db := snapshottest.Snapshot(t)
	for _, tc := range []struct {
		rows, max int
		truncated bool
	}{
		{10, 3, true},
		{3, 3, false},
		{2, 3, false},
	} {
		res, err := analyst.Run(context.Background(), db, analyst.Query{SQL: "SELECT * FROM range(?)", Params: []any{tc.rows}, MaxRows: tc.max})
		if err != nil {
			t.Fatal(err)
		}
		want := min(tc.rows, tc.max)
		if len(res.Rows) != want || res.Truncated != tc.truncated {
			t.Errorf("%d rows, max %d: got %d rows truncated=%v, want %d truncated=%v", tc.rows, tc.max, len(res.Rows), res.Truncated, want, tc.truncated)
		}
	}
}

func TestRunTimesOut(t *testing.T) {
	db := snapshottest.Snapshot(t)
	q := analyst.Query{
		SQL:     "SELECT count(*) FROM range(100000000) a, range(100000000) b WHERE a.range + b.range = -1",
		Timeout: 200 * time.Millisecond,
	}
	_, err := analyst.Run(context.Background(), db, q)
	if !errors.Is(err, analyst.ErrTimeout) {
		t.Fatalf("Run = %v, want ErrTimeout", err)
	}
	// The connection pool stays usable after the interrupt.
	res, err := analyst.Run(context.Background(), db, analyst.Query{SQL: "SELECT 42"})
	if err != nil || res.Rows[0][0] != int32(42) {
		t.Fatalf("after timeout: %v %v", res, err)
	}
}

func TestRunReportsDuckDBErrorsAsExecErrors(t *testing.T) {
	db := snapshottest.Snapshot(t)
	_, err := analyst.Run(context.Background(), db, analyst.Query{SQL: "SELECT no_such_column FROM region"})
	var ee *analyst.ExecError
	if !errors.As(err, &ee) || strings.Contains(ee.Error(), "\n") {
		t.Fatalf("Run = %v, want a one-line ExecError", err)
	}
}

func TestTableFormat(t *testing.T) {
	res := &analyst.Result{
		Columns: []string{"region_code", "v"},
		Types:   []string{"VARCHAR", "DOUBLE"},
		Rows:    [][]any{{"1275", 2500000000.0}, {"12", nil}},
	}
	checkWritten(t, "table", res.WriteTable, "region_code  v\n-----------  -\n1275         2500000000\n12           NULL\n(2 rows)\n")
}

func TestJSONValueKeepsDocumentsValid(t *testing.T) {
	res := runOnFixture(t, analyst.Query{
		SQL: "SELECT 'nan'::DOUBLE AS a, 'inf'::DOUBLE AS b, 12.50::DECIMAL(10,2) AS c, DATE '2024-03-01' AS d, [1, 2] AS e, 170141183460469231731687303715884105727::HUGEINT AS f, MAP {'k': 1} AS g, {'x': 1} AS h",
	})
	written := checkWritten(t, "JSON", jsonFor(res, "s"),
		`{"columns":["a","b","c","d","e","f","g","h"],"rows":[["NaN","Infinity",12.5,"2024-03-01",[1,2],170141183460469231731687303715884105727,[{"key":"k","value":1}],{"x":1}]],"truncated":false,"snapshot":"s"}`+"\n")
	if !json.Valid(written) {
		t.Errorf("invalid JSON")
	}
}

// TestWriteJSONMatchesEncoder: WriteJSON, which writes common values directly, writes the
// same bytes as encoding/json does for the JSON document, whatever the values.
func TestWriteJSONMatchesEncoder(t *testing.T) {
	res := runOnFixture(t, analyst.Query{SQL: `
		SELECT * FROM (VALUES
			(NULL, true, 1::INTEGER, 2::BIGINT, 0.1::DOUBLE, 'plain', 1::TINYINT, 12.50::DECIMAL(10,2), DATE '2024-03-01', [1, 2]),
			('x', false, (-2147483647 - 1)::INTEGER, (-9223372036854775807 - 1)::BIGINT, -0.0::DOUBLE, '<b>&"q"\' || chr(10) || chr(1) || chr(127), NULL, NULL, NULL, NULL),
			('y', NULL, NULL, NULL, 1e-7::DOUBLE, 'é ü ' || chr(8232) || chr(8233), NULL, NULL, NULL, NULL),
			('z', NULL, NULL, NULL, 1e21::DOUBLE, '', NULL, NULL, NULL, NULL),
			('w', NULL, NULL, NULL, 123456789012345678::DOUBLE, 'tab' || chr(9), NULL, NULL, NULL, NULL),
			('v', NULL, NULL, NULL, 'nan'::DOUBLE, 'back\slash', NULL, NULL, NULL, NULL),
			('u', NULL, NULL, NULL, '-inf'::DOUBLE, 'Kabupaten Simeulue', NULL, NULL, NULL, NULL),
			('t', NULL, NULL, NULL, 0.30000000000000004::DOUBLE, 'a/b', NULL, NULL, NULL, NULL),
			('s', NULL, NULL, NULL, 1e-6::DOUBLE, '1e-6', NULL, NULL, NULL, NULL),
			('r', NULL, NULL, NULL, 9.999999999999999e20::DOUBLE, '', NULL, NULL, NULL, NULL)
		) t(a, b, c, d, e, f, g, h, i, j)`})
	res.Rows = append(res.Rows, []any{"\xff invalid", nil, nil, nil, 5e-324, []byte("bytes"), int8(3), nil, nil, nil})
	res.Truncated = true
	for _, r := range []*analyst.Result{res, {}} {
		var got, want bytes.Buffer
		if err := r.WriteJSON(&got, "run-<1>"); err != nil {
			t.Fatal(err)
		}
		if err := json.NewEncoder(&want).Encode(r.JSON("run-<1>")); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("WriteJSON:\n%s\nencoding/json:\n%s", got.String(), want.String())
		}
	}
}
