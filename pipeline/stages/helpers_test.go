package stages

import (
	"context"
	"database/sql"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/setara-pug/setara/pipeline/ingest"
	"github.com/setara-pug/setara/pipeline/internal/sqltest"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// stepClock is a fake clock that advances one second per reading, so recorded times and
// durations are deterministic.
func stepClock() func() time.Time {
	t := time.Date(2024, 3, 1, 2, 0, 0, 0, time.UTC)
	return func() time.Time {
		t = t.Add(time.Second)
		return t
	}
}

func openWarehouse(t testing.TB) *warehouse.Warehouse {
	t.Helper()
	wh, err := warehouse.Open(context.Background(), filepath.Join(t.TempDir(), "setara.duckdb"), stepClock())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { wh.Close() })
	return wh
}

// newBatch records a batch row for a fixture file and returns its id.
func newBatch(t testing.TB, db *sql.DB, kind, file string) int64 {
	t.Helper()
	var id int64
	err := db.QueryRow(`INSERT INTO batch VALUES (nextval('batch_id_seq'), ?, ?, 'fixture', 0, ?, 'csv', 0, 0, false, 'loaded', TIMESTAMPTZ '2024-03-01 00:00:00+00', 0, NULL, NULL)
		RETURNING batch_id`, file, filepath.Base(file), kind).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// Fixture loaders write contract-format CSV files straight into the raw tables with DuckDB's
// CSV reader (the ingest path is exercised by the UNDP test); line is the file's line number.
var fixtureInserts = map[string]string{
	"indicators": `INSERT INTO raw_indicator
		SELECT ?, row_number() OVER () + 1, region_code, year, indicator, sex, value, source, NULL
		FROM read_csv(?, header = true, all_varchar = false)`,
	"microdata": `INSERT INTO raw_microdata BY NAME
		SELECT ? AS batch_id, row_number() OVER () + 1 AS line, *
		FROM read_csv(?, header = true, types = {'region_code': 'VARCHAR', 'person_id': 'VARCHAR', 'psu': 'VARCHAR', 'strata': 'VARCHAR'})`,
	"programs": `INSERT INTO raw_program
		SELECT ?, row_number() OVER () + 1, year, opd_code, opd_name, program, activity, budget, realization,
		       gender_responsive, coalesce(string_split(nullif(target_groups, ''), ';'), []), output_indicator,
		       output_target, output_realized, beneficiaries_male, beneficiaries_female
		FROM read_csv(?, header = true, types = {'opd_code': 'VARCHAR', 'target_groups': 'VARCHAR'})`,
	"gbs": `INSERT INTO raw_gbs BY NAME
		SELECT ? AS batch_id, row_number() OVER () + 1 AS line, * REPLACE (coalesce(string_split(nullif(gap_factors, ''), ';'), []) AS gap_factors)
		FROM read_csv(?, header = true, types = {'opd_code': 'VARCHAR', 'gap_factors': 'VARCHAR', 'data_indicator': 'VARCHAR',
		     'data_basis': 'VARCHAR', 'cause_external': 'VARCHAR', 'target_female': 'BIGINT', 'target_male': 'BIGINT'})`,
	"readiness": `INSERT INTO raw_readiness BY NAME
		SELECT ? AS batch_id, row_number() OVER () + 1 AS line, *
		FROM read_csv(?, header = true, types = {'opd_code': 'VARCHAR', 'evidence': 'VARCHAR', 'note': 'VARCHAR'})`,
}

func loadFixture(t testing.TB, db *sql.DB, kind, file string) int64 {
	t.Helper()
	id := newBatch(t, db, kind, file)
	q := fixtureInserts[kind]
	if kind == "indicators" {
		q = strings.Replace(q, "all_varchar = false", "types = {'region_code': 'VARCHAR'}", 1)
	}
	if _, err := db.Exec(q, id, file); err != nil {
		t.Fatalf("fixture %s: %v", file, err)
	}
	return id
}

func loadFixtureSet(t testing.TB, wh *warehouse.Warehouse) {
	t.Helper()
	for _, f := range []struct{ kind, file string }{
		{"indicators", "indicators.csv"}, {"microdata", "microdata.csv"}, {"programs", "programs.csv"},
		{"gbs", "gbs.csv"}, {"readiness", "readiness.csv"},
	} {
		loadFixture(t, wh.DB, f.kind, filepath.Join("testdata", "fixture", f.file))
	}
}

// runFixture opens a warehouse, loads the fixture set into it and runs the stages once.
func runFixture(t *testing.T) (*warehouse.Warehouse, Result) {
	t.Helper()
	wh := openWarehouse(t)
	loadFixtureSet(t, wh)
	res, err := Run(context.Background(), wh, Options{Now: stepClock()})
	if err != nil {
		t.Fatal(err)
	}
	return wh, res
}

// tableCSV renders a table of db (any schema-qualified name from a fixed list in the tests)
// as CSV, rows in the table's own order, floats with 9 significant digits.
func tableCSV(t testing.TB, db *sql.DB, table string) string {
	t.Helper()
	cols, rows := sqltest.Query(t, db, "SELECT * FROM "+table)
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Write(cols)
	for _, vals := range rows {
		rec := make([]string, len(cols))
		for i, v := range vals {
			rec[i] = formatValue(v)
		}
		w.Write(rec)
	}
	w.Flush()
	return b.String()
}

func formatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case float64:
		return strconv.FormatFloat(x, 'g', 9, 64)
	case time.Time:
		return x.UTC().Format(time.RFC3339)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = formatValue(e)
		}
		return "[" + strings.Join(parts, " ") + "]"
	default:
		return fmt.Sprint(x)
	}
}

// golden compares got with testdata/golden/name, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file (rerun with -update and read the diff):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// ingestFiles loads files through the normal ingest path (kind detected by header).
func ingestFiles(t testing.TB, wh *warehouse.Warehouse, files ...string) {
	t.Helper()
	for _, f := range files {
		res, err := ingest.LoadFile(context.Background(), wh.DB, f, ingest.Options{Now: stepClock()})
		if err != nil {
			t.Fatalf("ingest %s: %v", f, err)
		}
		if res.Rejected > 0 || res.Accepted == 0 {
			t.Fatalf("ingest %s: %d accepted, %d rejected: %+v", f, res.Accepted, res.Rejected, res.Problems)
		}
	}
}
