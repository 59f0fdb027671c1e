package ingest

import (
	"context"
	"database/sql"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/setara-pug/setara/pipeline/internal/testenv"
)

// benchRows is the size of the generated microdata file (SETARA_BENCH_ROWS, default 200000).
func benchRows(b *testing.B) int { return testenv.Int(b, "SETARA_BENCH_ROWS", 200000) }

// microdataCSV writes a valid microdata CSV of n rows with DuckDB.
func microdataCSV(b *testing.B, db *sql.DB, n int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "micro.csv")
	_, err := db.Exec(`COPY (SELECT '1275' || lpad(((1 + i % 21) * 10)::VARCHAR, 3, '0') AS region_code, 2024 AS year, 'p' || i AS person_id,
		round(100 + (i % 997) / 10, 3) AS weight, CASE WHEN i % 2 = 0 THEN 'P' ELSE 'L' END AS sex, (15 + i % 80) AS age,
		round((i % 160) / 10, 1) AS years_schooling, i % 8 AS highest_education,
		CASE i % 3 WHEN 0 THEN 'employed' WHEN 1 THEN 'unemployed' ELSE 'not_in_labour_force' END AS labour_force_status,
		CASE WHEN i % 3 = 0 THEN (i % 10)::VARCHAR END AS occupation_group,
		CASE WHEN i % 3 = 0 THEN 1000000 + i % 9000000 END AS earnings,
		CASE WHEN i % 2 = 0 THEN 'true' ELSE 'false' END AS ever_married,
		NULL AS last_birth_in_facility, NULL AS age_at_first_birth
		FROM range(?) t(i)) TO '`+path+`' (HEADER)`, n)
	if err != nil {
		b.Fatal(err)
	}
	return path
}

// benchInput opens a warehouse and writes the benchmarks' microdata file into it: the
// warehouse, the file's row count and its path.
func benchInput(b *testing.B) (*sql.DB, int, string) {
	b.Helper()
	db := openWarehouse(b)
	n := benchRows(b)
	return db, n, microdataCSV(b, db, n)
}

// sizedBenchInput is benchInput, with the file's size as the bytes one iteration processes.
func sizedBenchInput(b *testing.B) (*sql.DB, int, string) {
	b.Helper()
	db, n, path := benchInput(b)
	st, _ := os.Stat(path)
	b.SetBytes(st.Size())
	return db, n, path
}

func BenchmarkIngestMicrodata(b *testing.B) {
	ctx := context.Background()
	db, n, path := sizedBenchInput(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := LoadFile(ctx, db, path, Options{Now: fixedNow})
		if err != nil {
			b.Fatal(err)
		}
		if res.Accepted != int64(n) || res.Rejected != 0 {
			b.Fatalf("%+v", res)
		}
		b.StopTimer()
		if _, err := db.Exec(`DELETE FROM batch; DELETE FROM raw_microdata; CHECKPOINT`); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}

// BenchmarkNativeReadCSV is the yardstick: DuckDB loading the same file into a table by
// itself (auto-detected types, no validation, no line numbers).
func BenchmarkNativeReadCSV(b *testing.B) {
	db, _, path := sizedBenchInput(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := db.Exec(`CREATE OR REPLACE TABLE native AS SELECT * FROM read_csv(?)`, path); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if _, err := db.Exec(`DROP TABLE native; CHECKPOINT`); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}

// nativeTyped loads path with DuckDB's reader alone, explicit types and no validation: the
// yardstick of BenchmarkIngestVsNative.
const nativeTyped = `CREATE OR REPLACE TABLE native AS SELECT * FROM read_csv(?, header = true, auto_detect = false,
	columns = {'region_code': 'VARCHAR', 'year': 'INTEGER', 'person_id': 'VARCHAR', 'weight': 'DOUBLE', 'sex': 'VARCHAR',
		'age': 'INTEGER', 'years_schooling': 'DOUBLE', 'highest_education': 'TINYINT', 'labour_force_status': 'VARCHAR',
		'occupation_group': 'TINYINT', 'earnings': 'DOUBLE', 'ever_married': 'BOOLEAN', 'last_birth_in_facility': 'BOOLEAN',
		'age_at_first_birth': 'INTEGER'})`

// benchLogger logs the per-step timings to stderr when SETARA_BENCH_LOG is set.
func benchLogger() *slog.Logger {
	if os.Getenv("SETARA_BENCH_LOG") == "" {
		return nil
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// BenchmarkIngestVsNative runs the native typed read and LoadFile back to back in every
// iteration (the machine may be shared: compare the ratio, not the seconds).
func BenchmarkIngestVsNative(b *testing.B) {
	ctx := context.Background()
	db, n, path := benchInput(b)
	var native, setara time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if _, err := db.Exec(nativeTyped, path); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		res, err := LoadFile(ctx, db, path, Options{Now: time.Now, Logger: benchLogger()})
		if err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		if res.Accepted != int64(n) || res.Rejected != 0 {
			b.Fatalf("%+v", res)
		}
		native += t1.Sub(t0)
		setara += t2.Sub(t1)
		b.StopTimer()
		if _, err := db.Exec(`DROP TABLE native; DELETE FROM batch; DELETE FROM raw_microdata; CHECKPOINT`); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(native.Seconds()/float64(b.N), "native-s/op")
	b.ReportMetric(setara.Seconds()/float64(b.N), "setara-s/op")
	b.ReportMetric(native.Seconds()/setara.Seconds(), "ratio")
}
