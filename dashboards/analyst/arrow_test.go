//go:build duckdb_arrow

package analyst_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"

	"github.com/setara-pug/setara/dashboards/analyst"
	"github.com/setara-pug/setara/pipeline/snapshot/snapshottest"
)

func TestRunArrowStreamDecodes(t *testing.T) {
	db := snapshottest.Snapshot(t)
	var buf bytes.Buffer
	var truncated bool
	err := analyst.RunArrow(context.Background(), db, analyst.Query{
		SQL:     "SELECT range AS n, 'r' || range AS s FROM range(5000)",
		MaxRows: 3000,
	}, func(r *analyst.ArrowResult) error {
		truncated = r.Truncated
		return r.WriteIPC(&buf)
	})
	if err != nil {
		t.Fatal(err)
	}
	if !truncated {
		t.Errorf("5000 rows with MaxRows 3000 not reported truncated")
	}
	rd, err := ipc.NewReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Release()
	if got := rd.Schema().String(); !bytes.Contains([]byte(got), []byte("n: type=int64")) {
		t.Errorf("schema %s", got)
	}
	var rows, sum int64
	var last string
	for rd.Next() {
		rec := rd.RecordBatch()
		ns := rec.Column(0).(*array.Int64)
		ss := rec.Column(1).(*array.String)
		for i := 0; i < ns.Len(); i++ {
			sum += ns.Value(i)
			last = ss.Value(i)
		}
		rows += rec.NumRows()
	}
	if rd.Err() != nil {
		t.Fatal(rd.Err())
	}
	if rows != 3000 || sum != 2999*3000/2 || last != "r2999" {
		t.Errorf("decoded %d rows, sum %d, last %q; want 3000, %d, r2999", rows, sum, last, 2999*3000/2)
	}
}

func TestRunArrowRefusesAndTimesOut(t *testing.T) {
	db := snapshottest.Snapshot(t)
	called := false
	use := func(*analyst.ArrowResult) error { called = true; return nil }
	err := analyst.RunArrow(context.Background(), db, analyst.Query{SQL: "SELECT 1; SELECT 2"}, use)
	var re *analyst.RefusedError
	if !errors.As(err, &re) || called {
		t.Errorf("multi-statement: %v (called %v), want refusal", err, called)
	}
	err = analyst.RunArrow(context.Background(), db, analyst.Query{
		SQL:     "SELECT count(*) FROM range(100000000) a, range(100000000) b WHERE a.range + b.range = -1",
		Timeout: 200_000_000,
	}, use)
	if !errors.Is(err, analyst.ErrTimeout) || called {
		t.Errorf("long query: %v (called %v), want ErrTimeout", err, called)
	}
}
