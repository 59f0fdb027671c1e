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

// Loading a BPS-style table as downloaded: the indicator and the year from the title, the
// sexes from the header, region names as BPS writes them, "–" for no data, the source from
// the footnote.
func ExampleLoadFile_table() {
	ctx := context.Background()
	wh, err := warehousetest.Open(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer wh.Close()

	path, err := wh.WriteFile("uhh_2023.csv", "Umur Harapan Hidup (UHH) menurut Kabupaten/Kota dan Jenis Kelamin, 2023\n"+
		"Kabupaten/Kota;Laki-laki;Perempuan;Jumlah\n"+
		"Kota Medan;71,44;75,39;73,41\n"+
		"Kab. Labuhan Batu;68,93;72,80;–\n"+
		"Kota Medann;70;74;72\n"+
		"Sumber: BPS Provinsi Sumatera Utara\n")
	if err != nil {
		log.Fatal(err)
	}
	res, err := ingest.LoadFile(ctx, wh.DB, path, ingest.Options{Now: wh.Now})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Kind, res.Accepted, "accepted,", res.Rejected, "rejected,", res.NoData, "no data")
	for _, p := range res.Problems {
		fmt.Println(p)
	}
	// Output:
	// table 5 accepted, 1 rejected, 1 no data
	// uhh_2023.csv:5:A: field "Kota Medann": unknown region name (expected a region of the region table as BPS writes it; closest: 1275 Kota Medan)
}
