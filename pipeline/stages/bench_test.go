package stages

import (
	"context"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/setara-pug/setara/pipeline/demo"
	"github.com/setara-pug/setara/pipeline/ingest"
	"github.com/setara-pug/setara/pipeline/warehouse"
	"github.com/setara-pug/setara/queries"
)

// benchPersons is the number of synthetic survey persons (SETARA_BENCH_PERSONS, default 200000).
func benchPersons(b *testing.B) int {
	n := 200000
	if s := os.Getenv("SETARA_BENCH_PERSONS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 {
			b.Fatalf("SETARA_BENCH_PERSONS=%q: want a positive integer", s)
		}
		n = v
	}
	return n
}

// benchMicrodata spreads n persons over Kota Medan's 21 kecamatan with varied attributes.
const benchMicrodata = `INSERT INTO raw_microdata
SELECT ?, i + 2,
       '1275' || lpad(CAST(((i % 21) + 1) * 10 AS VARCHAR), 3, '0'),
       2023, 'p' || i,
       50 + hash(i) % 150,
       CASE WHEN i % 2 = 0 THEN 'P' ELSE 'L' END,
       CAST(hash(i * 7) % 85 AS INTEGER) AS age,
       CAST(hash(i * 11) % 17 AS DOUBLE),
       CAST(hash(i * 13) % 8 AS TINYINT),
       CASE hash(i * 17) % 4 WHEN 0 THEN 'unemployed' WHEN 3 THEN 'not_in_labour_force' ELSE 'employed' END,
       CAST(hash(i * 19) % 10 AS TINYINT),
       CAST(1000000 + hash(i * 23) % 9000000 AS DOUBLE),
       hash(i * 29) % 5 <> 0,
       hash(i * 31) % 6 <> 0,
       CAST(16 + hash(i * 37) % 15 AS INTEGER),
       'b' || (i // 21) // 20, CAST(i % 42 AS VARCHAR),
       CAST(hash(i * 41) % 60 AS INTEGER)
FROM range(?) t(i)`

func benchWarehouse(b *testing.B) *warehouse.Warehouse {
	wh := openWarehouse(b)
	batch := newBatch(b, wh.DB, "microdata", "bench.csv")
	if _, err := wh.DB.Exec(benchMicrodata, batch, benchPersons(b)); err != nil {
		b.Fatal(err)
	}
	loadFixture(b, wh.DB, "indicators", "testdata/fixture/indicators.csv")
	loadFixture(b, wh.DB, "programs", "testdata/fixture/programs.csv")
	return wh
}

// BenchmarkRun is a full run: stages, checks, run records and publishing a snapshot.
func BenchmarkRun(b *testing.B) {
	h := benchWarehouse(b)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Run(ctx, h, Options{Keep: 2}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStagesDirect executes the same stage SQL, in the same order, directly on one
// DuckDB connection: no transaction, checks, records or publishing.
func BenchmarkStagesDirect(b *testing.B) {
	h := benchWarehouse(b)
	ctx := context.Background()
	stageList, _, err := Load(queries.Stages)
	if err != nil {
		b.Fatal(err)
	}
	conn, err := h.DB.Conn(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `INSERT INTO run_context VALUES (0, 'bench', 'none', now(), false, 30)`); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		for _, st := range stageList {
			if _, err := conn.ExecContext(ctx, st.SQL); err != nil {
				b.Fatalf("%s: %v", st.File, err)
			}
		}
	}
}

// BenchmarkRunEvaluation is a full run on the demo's programs, GBS statements and prerequisites
// of 500 OPDs over 10 years (45,000 activities, no microdata), with the PUG evaluation's stages
// (queries/stages/evaluation) and, in the same run, without them: their cost is the difference.
func BenchmarkRunEvaluation(b *testing.B) {
	ctx := context.Background()
	years := make([]int, 10)
	for i := range years {
		years[i] = 2015 + i
	}
	files, err := demo.Write(ctx, b.TempDir(), demo.Options{Years: years, Seed: 7, OPDs: 500, Activities: 4500, Evaluation: true})
	if err != nil {
		b.Fatal(err)
	}
	wh := openWarehouse(b)
	for _, path := range files.List() {
		if res, err := ingest.LoadFile(ctx, wh.DB, path, ingest.Options{}); err != nil || res.Rejected > 0 {
			b.Fatalf("%s: %+v %v", path, res, err)
		}
	}
	without := fstest.MapFS{}
	err = fs.WalkDir(queries.Stages, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(path, "stages/evaluation/") {
			return err
		}
		body, err := fs.ReadFile(queries.Stages, path)
		without[path] = &fstest.MapFile{Data: body}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		fsys fs.FS
	}{{"with", queries.Stages}, {"without", without}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Run(ctx, wh, Options{Keep: 2, FS: c.fsys}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
