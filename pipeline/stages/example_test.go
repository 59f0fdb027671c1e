package stages_test

import (
	"context"
	"fmt"
	"log"

	"github.com/setara-pug/setara/pipeline/snapshot"
	"github.com/setara-pug/setara/pipeline/stages"
	"github.com/setara-pug/setara/pipeline/warehouse/warehousetest"
)

// A run turns the loaded facts into the published tables: here two life expectancies of Kota
// Medan become one gender gap, published as snapshot run-000001.
func Example() {
	ctx := context.Background()
	wh, err := warehousetest.Open(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer wh.Close()
	if _, err := wh.Load(ctx, "uhh_2024.csv", "region_code,year,indicator,sex,value\n"+
		"1275,2024,life_expectancy,P,74.5\n"+
		"1275,2024,life_expectancy,L,70.25\n"); err != nil {
		log.Fatal(err)
	}

	res, err := stages.Run(ctx, wh.Warehouse, stages.Options{Now: wh.Now})
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
