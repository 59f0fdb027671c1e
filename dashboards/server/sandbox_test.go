package server

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// sandboxAttempt is one query sent to POST /api/query. {OUT} stands for a scratch directory
// and {SECRET} for a readable file outside the snapshot.
type sandboxAttempt struct {
	name string
	sql  string
	// status is the expected answer: 400 refused, 408 timed out, 200 with truncated rows.
	status    int
	truncated bool   // for 200: the answer must say truncated
	want      string // for 200: a substring of the JSON answer
}

var sandboxAttempts = []sandboxAttempt{
	// More than one statement.
	{name: "two selects", sql: "SELECT 1; SELECT 2", status: 400},
	{name: "select then drop", sql: "SELECT 1; DROP TABLE region", status: 400},
	{name: "select then copy", sql: "SELECT * FROM region; COPY region TO '{OUT}/a.csv'", status: 400},
	{name: "select then attach", sql: "SELECT 1;\nATTACH '{OUT}/x.duckdb' AS x", status: 400},
	{name: "comment then statement", sql: "/* ; */ SELECT 1; -- x\nDELETE FROM region", status: 400},
	// Writing files.
	{name: "copy to", sql: "COPY region TO '{OUT}/region.csv'", status: 400},
	{name: "copy query to parquet", sql: "COPY (SELECT * FROM indicator_value) TO '{OUT}/v.parquet' (FORMAT parquet)", status: 400},
	{name: "copy from", sql: "COPY region FROM '{SECRET}'", status: 400},
	{name: "export database", sql: "EXPORT DATABASE '{OUT}/export'", status: 400},
	// Other databases.
	{name: "attach", sql: "ATTACH '{OUT}/x.duckdb' AS x", status: 400},
	{name: "attach memory", sql: "ATTACH ':memory:' AS m", status: 400},
	{name: "detach", sql: "DETACH memory", status: 400},
	{name: "use", sql: "USE memory", status: 400},
	// Extensions.
	{name: "install", sql: "INSTALL httpfs", status: 400},
	{name: "load", sql: "LOAD httpfs", status: 400},
	{name: "force install", sql: "FORCE INSTALL httpfs FROM core_nightly", status: 400},
	// Settings and pragmas.
	{name: "pragma", sql: "PRAGMA database_list", status: 400},
	{name: "pragma set", sql: "PRAGMA enable_profiling='json'", status: 400},
	{name: "set external access", sql: "SET enable_external_access = true", status: 400},
	{name: "set global", sql: "SET GLOBAL threads = 1", status: 400},
	{name: "reset", sql: "RESET lock_configuration", status: 400},
	{name: "call", sql: "CALL pragma_database_list()", status: 400},
	// Writes and DDL.
	{name: "create table", sql: "CREATE TABLE x AS SELECT 1 AS a", status: 400},
	{name: "create temp table", sql: "CREATE TEMP TABLE x (a INTEGER)", status: 400},
	{name: "insert", sql: "INSERT INTO region VALUES ('9', 'x', 'x', 'x')", status: 400},
	{name: "update", sql: "UPDATE region SET name = 'x'", status: 400},
	{name: "delete", sql: "DELETE FROM region", status: 400},
	{name: "drop", sql: "DROP TABLE region", status: 400},
	{name: "macro", sql: "CREATE MACRO twice(a) AS a * 2", status: 400},
	{name: "table macro", sql: "CREATE TEMP MACRO t() AS TABLE SELECT 1", status: 400},
	{name: "secret", sql: "CREATE SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')", status: 400},
	{name: "checkpoint", sql: "CHECKPOINT", status: 400},
	{name: "force checkpoint", sql: "FORCE CHECKPOINT", status: 400},
	{name: "vacuum", sql: "VACUUM", status: 400},
	{name: "checkpoint function", sql: "SELECT * FROM checkpoint()", status: 400},
	{name: "force checkpoint function", sql: "SELECT * FROM force_checkpoint()", status: 400},
	// Reading files.
	{name: "read_csv", sql: "SELECT * FROM read_csv('{SECRET}')", status: 400},
	{name: "read_csv_auto", sql: "SELECT * FROM read_csv_auto('/etc/passwd')", status: 400},
	{name: "read_text", sql: "SELECT content FROM read_text('/etc/passwd')", status: 400},
	{name: "read_blob", sql: "SELECT content FROM read_blob('{SECRET}')", status: 400},
	{name: "read_parquet", sql: "SELECT * FROM read_parquet('{OUT}/*.parquet')", status: 400},
	{name: "parquet_scan", sql: "SELECT * FROM parquet_scan('{OUT}/x.parquet')", status: 400},
	{name: "read_json", sql: "SELECT * FROM read_json('{SECRET}')", status: 400},
	{name: "read_json_auto", sql: "SELECT * FROM read_json_auto('{SECRET}')", status: 400},
	{name: "read_ndjson", sql: "SELECT * FROM read_ndjson_objects('{SECRET}')", status: 400},
	{name: "glob", sql: "SELECT * FROM glob('/*')", status: 400},
	{name: "sniff_csv", sql: "SELECT * FROM sniff_csv('{SECRET}')", status: 400},
	{name: "parquet_metadata", sql: "SELECT * FROM parquet_metadata('{OUT}/x.parquet')", status: 400},
	{name: "from path", sql: "FROM '{SECRET}'", status: 400},
	{name: "select from path", sql: "SELECT * FROM '/etc/passwd'", status: 400},
	{name: "quoted path identifier", sql: `SELECT * FROM "/etc/passwd"`, status: 400},
	{name: "path in subquery", sql: "SELECT (SELECT count(*) FROM '{SECRET}') AS n", status: 400},
	{name: "file function in cte", sql: "WITH f AS (SELECT * FROM Read_Text('{SECRET}')) SELECT * FROM f", status: 400},
	{name: "file function in join", sql: "SELECT * FROM region JOIN read_csv('{SECRET}') c ON true", status: 400},
	{name: "query function", sql: "SELECT * FROM query('SELECT 1')", status: 400},
	{name: "query_table", sql: "SELECT * FROM query_table('region')", status: 400},
	{name: "serialized sql", sql: "SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT 1'))", status: 400},
	// The environment and the server's settings.
	{name: "getenv", sql: "SELECT getenv('HOME')", status: 400},
	{name: "current_setting home", sql: "SELECT current_setting('home_directory')", status: 400},
	{name: "current_setting temp", sql: "SELECT current_setting('temp_directory')", status: 400},
	{name: "duckdb_settings", sql: "SELECT name, value FROM duckdb_settings()", status: 400},
	{name: "duckdb_databases", sql: "SELECT path FROM duckdb_databases()", status: 400},
	{name: "pragma function", sql: "SELECT * FROM pragma_database_list()", status: 400},
	{name: "duckdb_secrets", sql: "SELECT * FROM duckdb_secrets()", status: 400},
	{name: "duckdb_extensions", sql: "SELECT * FROM duckdb_extensions()", status: 400},
	// Runaway work: bounded by the time limit.
	{name: "runaway recursive cte", sql: "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r", status: 408},
	{name: "cross join", sql: "SELECT count(*) FROM range(100000000) a, range(100000000) b WHERE a.range + b.range = -1", status: 408},
	{name: "cross join of tables", sql: "SELECT count(*) FROM indicator_value a, range(1000000000) b, range(1000) c WHERE b.range = -c.range - 1", status: 408},
	// Huge results: bounded by the row limit.
	{name: "huge range", sql: "SELECT * FROM range(1000000000000)", status: 200, truncated: true},
	{name: "huge cross join", sql: "SELECT * FROM region, range(100000000)", status: 200, truncated: true},
	// Odd-looking but benign: must work.
	{name: "semicolon in literal", sql: "SELECT ';' AS s", status: 200, want: `"rows":[[";"]]`},
	{name: "semicolon in comment", sql: "SELECT 1 AS one -- ; DROP TABLE region", status: 200, want: `"rows":[[1]]`},
	{name: "semicolon in block comment", sql: "SELECT /* ; COPY region TO 'x' */ 2 AS two", status: 200, want: `"rows":[[2]]`},
	{name: "trailing semicolon", sql: "SELECT name FROM region WHERE region_code = '1275';", status: 200, want: `"rows":[["Kota Medan"]]`},
	{name: "keywords in literal", sql: "SELECT 'COPY region TO ''/tmp/x''; ATTACH' AS s", status: 200, want: `COPY region TO '/tmp/x'; ATTACH`},
	{name: "path-like literal", sql: "SELECT '/etc/passwd' AS p", status: 200, want: `"/etc/passwd"`},
	{name: "recursive cte with a bound", sql: "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10) SELECT sum(n) FROM r", status: 200, want: `"rows":[[55]]`},
	{name: "catalog tables", sql: "SELECT count(*) > 0 AS some FROM information_schema.tables", status: 200, want: `"rows":[[true]]`},
}

func TestSQLSandboxOverHTTP(t *testing.T) {
	f := newFixture(t, Options{Tokens: testTokens, QueryTimeout: time.Second, MaxRows: 1000}, true)
	ts := httptest.NewServer(f.srv.Handler())
	defer ts.Close()

	out := t.TempDir()
	secret := filepath.Join(t.TempDir(), "secret.csv")
	if err := os.WriteFile(secret, []byte("password\nhunter2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	published := f.w.Dir
	before := treeState(t, published)
	refused, bounded, benign := 0, 0, 0

	for _, a := range sandboxAttempts {
		t.Run(a.name, func(t *testing.T) {
			sqlText := strings.NewReplacer("{OUT}", filepath.ToSlash(out), "{SECRET}", filepath.ToSlash(secret)).Replace(a.sql)
			req, err := http.NewRequest(http.MethodPost, ts.URL+"/api/query", strings.NewReader(queryBody(sqlText)))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+analystToken)
			resp, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != a.status {
				t.Fatalf("%s: status %d %s, want %d", sqlText, resp.StatusCode, body, a.status)
			}
			if strings.Contains(string(body), "hunter2") {
				t.Errorf("the answer shows the secret file's content: %s", body)
			}
			switch a.status {
			case 200:
				var doc struct {
					Rows      [][]any `json:"rows"`
					Truncated bool    `json:"truncated"`
				}
				if err := json.Unmarshal(body, &doc); err != nil {
					t.Fatalf("answer %s: %v", body, err)
				}
				if doc.Truncated != a.truncated || resp.Header.Get("X-Setara-Truncated") != map[bool]string{true: "true", false: "false"}[a.truncated] {
					t.Errorf("truncated = %v (header %q), want %v", doc.Truncated, resp.Header.Get("X-Setara-Truncated"), a.truncated)
				}
				if a.truncated && len(doc.Rows) != 1000 {
					t.Errorf("%d rows, want the row limit 1000", len(doc.Rows))
				}
				if a.want != "" && !strings.Contains(string(body), a.want) {
					t.Errorf("answer %s lacks %s", body, a.want)
				}
			default:
				var e struct{ Error string }
				if err := json.Unmarshal(body, &e); err != nil || e.Error == "" {
					t.Errorf("error answer %s: want {\"error\": ...}", body)
				}
			}
			// Nothing changed and nothing was created, whatever the answer.
			if after := treeState(t, published); after != before {
				t.Errorf("the published directory changed:\nbefore %s\nafter  %s", before, after)
			}
			if entries, _ := os.ReadDir(out); len(entries) != 0 {
				t.Errorf("%d files created in the scratch directory (first %s)", len(entries), entries[0].Name())
			}
		})
		switch {
		case a.status == 400:
			refused++
		case a.status == 408 || a.truncated:
			bounded++
		default:
			benign++
		}
	}
	if refused+bounded < 30 {
		t.Errorf("only %d attempts refused or bounded, want at least 30", refused+bounded)
	}
	t.Logf("%d attempts refused, %d bounded, %d benign queries answered", refused, bounded, benign)

	// The server still answers normally after all of that.
	rec := f.do(t, call{method: "POST", path: "/api/query", token: analystToken, body: queryBody("SELECT count(*) AS n FROM region")})
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"rows":[[3]]`) {
		t.Errorf("after the attempts: %d %s", rec.Code, rec.Body)
	}
}

// treeState is every file under dir with its size, modification time and SHA-256.
func treeState(t *testing.T, dir string) string {
	t.Helper()
	var lines []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		line := p + " " + info.Mode().String()
		if !d.IsDir() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(b)
			line += " " + info.ModTime().UTC().Format(time.RFC3339Nano) + " " + hex.EncodeToString(sum[:8])
		}
		lines = append(lines, line)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(lines)
	return strings.Join(lines, "; ")
}
