package ingest_test

import (
	"context"
	"fmt"
	"log"

	"github.com/setara-pug/setara/pipeline/ingest"
	"github.com/setara-pug/setara/pipeline/warehouse/warehousetest"
)

// Loading a small indicators CSV into a fresh warehouse: the good rows load, the bad one is
// rejected and named with its line.
func Example() {
	ctx := context.Background()
	wh, err := warehousetest.Open(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer wh.Close()

	path, err := wh.WriteFile("bps_2024.csv", "region_code,year,indicator,sex,value\n"+
		"1275,2024,life_expectancy,P,74.5\n"+
		"1275,2024,life_expectancy,L,70.25\n"+
		"1275,2024,labour_force_participation,P,abc\n")
	if err != nil {
		log.Fatal(err)
	}
	res, err := ingest.LoadFile(ctx, wh.DB, path, ingest.Options{Now: wh.Now})
	if err != nil {
		log.Fatal(err) // a *ingest.FileError when the file is at fault
	}
	fmt.Println(res.Kind, res.Accepted, "accepted,", res.Rejected, "rejected:", res.Status)
	for _, p := range res.Problems {
		fmt.Println(p)
	}
	// Output:
	// indicators 2 accepted, 1 rejected: loaded
	// bps_2024.csv:4:value: field "abc": not a number (expected a number such as 1234.5)
}
