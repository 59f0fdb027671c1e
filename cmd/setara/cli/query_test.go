package cli

import (
	"strings"
	"testing"
)

func TestQueryCommandFormats(t *testing.T) {
	db := publishedDB(t)
	sql := "SELECT region_code, year, value FROM gender_index WHERE index_code = ? ORDER BY region_code, year"
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"query", "--param", "ipg", sql},
			"region_code  year  value\n-----------  ----  -----\n1275         2022  94.5\n1275         2023  94.75\n1275010      2023  NULL\n(3 rows)\n"},
		{[]string{"query", "--format", "csv", "--param", "ikg", sql},
			"region_code,year,value\n1275,2023,0.125\n"},
		{[]string{"query", "--format", "json", "--param", "ikg", sql},
			`{"columns":["region_code","year","value"],"rows":[["1275",2023,0.125]],"truncated":false,"snapshot":"run-000001"}` + "\n"},
		{[]string{"query", "--max-rows", "1", "--param", "ipg", sql},
			"region_code  year  value\n-----------  ----  -----\n1275         2022  94.5\n(1 rows; truncated at the row limit)\n"},
	} {
		code, out, errOut := execute(append([]string{"--db", db}, tc.args...)...)
		if code != ExitOK || out != tc.want {
			t.Errorf("%v: exit %d, stderr %s\nstdout:\n%s\nwant:\n%s", tc.args, code, errOut, out, tc.want)
		}
	}
}

func TestQueryCommandRefusesAndReports(t *testing.T) {
	db := publishedDB(t)
	for _, tc := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"query", "SELECT 1; DROP TABLE region"}, ExitFailure, "query refused: only a single SELECT statement is allowed"},
		{[]string{"query", "COPY region TO 'x.csv'"}, ExitFailure, "query refused"},
		{[]string{"query", "--format", "xml", "SELECT 1"}, ExitUsage, "--format \"xml\""},
		{[]string{"query"}, ExitUsage, "takes 1 argument"},
	} {
		code, out, errOut := execute(append([]string{"--db", db}, tc.args...)...)
		if code != tc.code || !strings.Contains(errOut, tc.stderr) || out != "" {
			t.Errorf("%v: exit %d stderr %q stdout %q; want exit %d and %q", tc.args, code, errOut, out, tc.code, tc.stderr)
		}
	}
	code, _, errOut := execute("--db", t.TempDir()+"/none.duckdb", "query", "SELECT 1")
	if code != ExitFailure || !strings.Contains(errOut, "no published snapshot yet") {
		t.Errorf("no snapshot: exit %d, %s", code, errOut)
	}
}
