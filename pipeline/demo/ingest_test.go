package demo_test

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/setara-pug/setara/pipeline/demo"
	"github.com/setara-pug/setara/pipeline/ingest"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

func lines(t *testing.T, path string) int64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var n int64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		n++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestIngestAcceptsEveryRow loads the generated files with the real ingest: not one row may be
// rejected, in the demo and in national mode (whose regions file must come first).
func TestIngestAcceptsEveryRow(t *testing.T) {
	national := demo.Options{Persons: 3000, Years: []int{2022, 2023}, Seed: 3, National: true, OPDs: 60, Activities: 200}
	small := demo.DefaultOptions()
	small.Persons = 5000
	for name, opts := range map[string]demo.Options{"demo": small, "national": national} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			now := func() time.Time { return time.Date(2025, 3, 8, 9, 0, 0, 0, time.UTC) }
			wh, err := warehouse.Open(ctx, filepath.Join(dir, "w.duckdb"), now)
			if err != nil {
				t.Fatal(err)
			}
			defer wh.Close()
			files, err := demo.Write(ctx, filepath.Join(dir, "demo"), opts)
			if err != nil {
				t.Fatal(err)
			}
			if (files.Regions != "") != opts.National {
				t.Errorf("regions file %q in national=%v", files.Regions, opts.National)
			}
			for _, path := range files.List() {
				res, err := ingest.LoadFile(ctx, wh.DB, path, ingest.Options{Now: now})
				if err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				if res.Rejected != 0 {
					t.Errorf("%s: %d rows rejected, first: %v", filepath.Base(path), res.Rejected, res.Problems[:min(3, len(res.Problems))])
				}
				if want := lines(t, path) - 1; res.Accepted != want {
					t.Errorf("%s: %d rows accepted, want %d", filepath.Base(path), res.Accepted, want)
				}
			}
		})
	}
}

// TestWriteParquet converts generated files to Parquet: typed columns, region codes kept as
// text ("00" stays "00"), every row there, and ingest accepts the Parquet files too.
func TestWriteParquet(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	opts := demo.DefaultOptions()
	opts.Persons = 4000
	files, err := demo.Write(ctx, filepath.Join(dir, "demo"), opts)
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Date(2025, 3, 8, 9, 0, 0, 0, time.UTC) }
	wh, err := warehouse.Open(ctx, filepath.Join(dir, "w.duckdb"), now)
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	for _, csvPath := range []string{files.Indicators, files.Microdata, files.Programs} {
		pq := csvPath[:len(csvPath)-len(".csv")] + ".parquet"
		if err := demo.WriteParquet(ctx, wh.DB, csvPath, pq); err != nil {
			t.Fatal(err)
		}
		var n int64
		if err := wh.DB.QueryRowContext(ctx, "SELECT count(*) FROM read_parquet(?)", pq).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if want := lines(t, csvPath) - 1; n != want {
			t.Errorf("%s: %d rows, want %d", filepath.Base(pq), n, want)
		}
		res, err := ingest.LoadFile(ctx, wh.DB, pq, ingest.Options{Now: now})
		if err != nil {
			t.Fatalf("%s: %v", pq, err)
		}
		if res.Rejected != 0 || res.Accepted != n {
			t.Errorf("%s: ingest accepted %d, rejected %d, want %d and 0", filepath.Base(pq), res.Accepted, res.Rejected, n)
		}
	}
	var typ string
	var national int64
	q := "SELECT typeof(region_code), count(*) FILTER (WHERE region_code = '00') FROM read_parquet(?) GROUP BY ALL"
	if err := wh.DB.QueryRowContext(ctx, q, filepath.Join(dir, "demo", "indicators.parquet")).Scan(&typ, &national); err != nil {
		t.Fatal(err)
	}
	if typ != "VARCHAR" || national == 0 {
		t.Errorf("indicators.parquet region_code: type %s, %d rows for \"00\"", typ, national)
	}
}
