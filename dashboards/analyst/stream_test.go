//go:build duckdb_arrow

package analyst_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/setara-pug/setara/dashboards/analyst"
	"github.com/setara-pug/setara/pipeline/snapshot/snapshottest"
)

// streamSnapshot publishes the fixture and opens it as the server does; it returns the
// database and the snapshot's path.
func streamSnapshot(t *testing.T) (*sql.DB, string) {
	t.Helper()
	w := snapshottest.NewWarehouse(t)
	path := w.Publish(1)
	return snapshottest.OpenCurrent(t, w.Dir), path
}

// collect streams q and returns its schema, the values of its first column as text, and
// how many batches arrived.
func collect(t *testing.T, db *sql.DB, path string, q analyst.Query) (analyst.Stream, *arrow.Schema, []string, int, error) {
	t.Helper()
	var schema *arrow.Schema
	var values []string
	batches := 0
	st, err := analyst.StreamArrow(context.Background(), db, path, q,
		func(sc *arrow.Schema) error { schema = sc; return nil },
		func(rec arrow.RecordBatch) error {
			batches++
			col := rec.Column(0)
			for i := 0; i < col.Len(); i++ {
				// ValueStr of a string column aliases the batch's buffer: copy it.
				values = append(values, strings.Clone(col.ValueStr(i)))
			}
			return nil
		})
	return st, schema, values, batches, err
}

func TestStreamArrowStreamsBatchesAndCuts(t *testing.T) {
	db, path := streamSnapshot(t)
	st, schema, values, batches, err := collect(t, db, path, analyst.Query{
		SQL: "SELECT range AS n, 'r' || range AS s FROM range(10000)", MaxRows: 5000,
	})
	if err != nil {
		t.Fatal(err)
	}
	if !st.Truncated || st.Rows != 5000 || len(values) != 5000 {
		t.Errorf("stream %+v with %d values, want 5000 rows truncated", st, len(values))
	}
	if batches < 3 {
		t.Errorf("%d batches, want DuckDB's chunks of 2048 rows (3 for 5000)", batches)
	}
	if schema.NumFields() != 2 || schema.Field(0).Type.ID() != arrow.INT64 || schema.Field(1).Type.ID() != arrow.STRING {
		t.Errorf("schema %s", schema)
	}
	if values[0] != "0" || values[4999] != "4999" {
		t.Errorf("values %s..%s, want 0..4999", values[0], values[4999])
	}
}

func TestStreamArrowBindsParameters(t *testing.T) {
	db, path := streamSnapshot(t)
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	q := analyst.Query{
		SQL: `SELECT concat_ws('|', ?::VARCHAR, (? + 1)::VARCHAR, (? * 2)::VARCHAR, (NOT ?)::VARCHAR, (? IS NULL)::VARCHAR,
		        (SELECT count(*) FROM (VALUES (DATE '2024-03-01')) t(d) WHERE d = ?)::VARCHAR,
		        (SELECT count(*) FROM (VALUES (TIMESTAMP '2024-03-01 00:00:00')) t(ts) WHERE ts = ?)::VARCHAR)`,
		Params: []any{"Medan Johor", int64(41), 1.25, true, nil, day, day},
	}
	_, _, values, _, err := collect(t, db, path, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(values) != 1 || values[0] != "Medan Johor|42|2.5|false|true|1|1" {
		t.Errorf("bound parameters gave %q, want Medan Johor|42|2.5|false|true|1|1", values)
	}
	_, _, _, _, err = collect(t, db, path, analyst.Query{SQL: "SELECT ?", Params: []any{[]int{1}}})
	var ee *analyst.ExecError
	if !errors.As(err, &ee) || !strings.Contains(err.Error(), "parameter 1") {
		t.Errorf("a slice parameter: %v, want an ExecError naming parameter 1", err)
	}
	_, _, _, _, err = collect(t, db, path, analyst.Query{SQL: "SELECT ? + ?", Params: []any{int64(1)}})
	if !errors.As(err, &ee) || !strings.Contains(err.Error(), "2 parameters, 1 were given") {
		t.Errorf("one parameter for two: %v", err)
	}
}

func TestStreamArrowTimesOutAndFailsMidStream(t *testing.T) {
	db, path := streamSnapshot(t)
	_, _, _, _, err := collect(t, db, path, analyst.Query{
		SQL:     "SELECT count(*) FROM range(100000000) a, range(100000000) b WHERE a.range + b.range = -1",
		Timeout: 200 * time.Millisecond,
	})
	if !errors.Is(err, analyst.ErrTimeout) {
		t.Errorf("long query: %v, want ErrTimeout", err)
	}
	// A cast that fails on row 5000: some batches leave before DuckDB meets the bad value.
	st, _, _, _, err := collect(t, db, path, analyst.Query{
		SQL: "SELECT (CASE WHEN range = 5000 THEN 'x' ELSE range::VARCHAR END)::INTEGER FROM range(10000)",
	})
	var ee *analyst.ExecError
	if !errors.As(err, &ee) || !strings.Contains(err.Error(), "Conversion Error") {
		t.Errorf("failing cast: %v (after %d rows), want the conversion error", err, st.Rows)
	}
	// The connection was given back: the snapshot still answers.
	if _, _, values, _, err := collect(t, db, path, analyst.Query{SQL: "SELECT 7"}); err != nil || len(values) != 1 || values[0] != "7" {
		t.Errorf("after the failures: %v %v", values, err)
	}
}

func TestStreamArrowRefusesAnUnsandboxedFile(t *testing.T) {
	db, _ := streamSnapshot(t)
	// A DuckDB file no sandboxed handle holds open: the instance StreamArrow would get is a
	// fresh one, with external access.
	other := filepath.Join(t.TempDir(), "other.duckdb")
	odb, err := sql.Open("duckdb", other)
	if err != nil {
		t.Fatal(err)
	}
	defer odb.Close()
	if _, err := odb.Exec("CREATE TABLE t AS SELECT 1 AS x"); err != nil {
		t.Fatal(err)
	}
	odb.Close()
	called := false
	_, err = analyst.StreamArrow(context.Background(), db, other, analyst.Query{SQL: "SELECT 1"},
		func(*arrow.Schema) error { called = true; return nil }, func(arrow.RecordBatch) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "external access disabled") || called {
		t.Errorf("stream on an unsandboxed file: %v (started %v), want a refusal", err, called)
	}
}
