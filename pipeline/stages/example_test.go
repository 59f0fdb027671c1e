package stages_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/setara-pug/setara/pipeline/ingest"
	"github.com/setara-pug/setara/pipeline/snapshot"
	"github.com/setara-pug/setara/pipeline/stages"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

// A run turns the loaded facts into the published tables: here two life expectancies of Kota
// Medan become one gender gap, published as snapshot run-000001.
func Example() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "setara-stages")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	now := func() time.Time { return time.Date(2026, 11, 29, 2, 0, 0, 0, time.UTC) }
	wh, err := warehouse.Open(ctx, filepath.Join(dir, "setara.duckdb"), now)
	if err != nil {
		log.Fatal(err)
	}
	defer wh.Close()
	path := filepath.Join(dir, "uhh_2024.csv")
	csv := "region_code,year,indicator,sex,value\n" +
		"1275,2024,life_expectancy,P,74.5\n" +
		"1275,2024,life_expectancy,L,70.25\n"
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		log.Fatal(err)
	}
	if _, err := ingest.LoadFile(ctx, wh.DB, path, ingest.Options{Now: now}); err != nil {
		log.Fatal(err)
	}

	res, err := stages.Run(ctx, wh, stages.Options{Now: now})
	if err != nil {
		log.Fatal(err) // errors.Is(err, stages.ErrBlockingCheck) when a blocking check failed
	}
	fmt.Println(res.Status, res.Snapshot)

	cur, err := snapshot.Current(wh.PublishedDir())
	if err != nil {
		log.Fatal(err)
	}
	snap, err := snapshot.OpenReadOnly(ctx, cur)
	if err != nil {
		log.Fatal(err)
	}
	defer snap.Close()
	var ratio, diff float64
	if err := snap.QueryRowContext(ctx, `SELECT ratio, difference FROM gender_gap
		WHERE region_code = '1275' AND year = 2024 AND indicator = 'life_expectancy'`).Scan(&ratio, &diff); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("P/L %.4f, P−L %.2f\n", ratio, diff)
	// Output:
	// succeeded run-000001.duckdb
	// P/L 1.0605, P−L 4.25
}
