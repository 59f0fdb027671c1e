package present_test

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/setara-pug/setara/dashboards/present"
)

func Example() {
	published := time.Date(2024, 3, 5, 7, 0, 0, 0, time.UTC)
	for _, l := range []present.Lang{present.ID, present.EN} {
		fmt.Println(l.T("col.budget")+":", l.Rupiah(412_500_000_000), "/", l.RupiahCompact(412_500_000_000))
		fmt.Println(l.T("col.share")+":", l.Percent(0.383, 1), "·", l.T("col.score")+":", l.Num(1234.5, 1), "·", l.Num(math.NaN(), 1))
		fmt.Println(l.T("data.published")+":", l.Date(published))
	}
	// Output:
	// Anggaran: Rp 412.500.000.000 / Rp 412,5 miliar
	// Porsi responsif: 38,3% · Skor: 1.234,5 · –
	// Diterbitkan: 5 Maret 2024 14.00 WIB
	// Budget: Rp 412,500,000,000 / Rp 412.5 billion
	// Responsive share: 38.3% · Score: 1,234.5 · –
	// Published: 5 March 2024 14:00 WIB
}

func ExampleTable_WriteCSV() {
	t := &present.Table{
		Cols: []present.Column{{Header: "OPD"}, {Header: "Anggaran", Unit: "Rp", Kind: present.KRupiah}},
		Rows: []present.Row{{Cells: []present.Cell{{Text: "Dinas Kesehatan"}, {Value: 2.5e9}}}, {Cells: []present.Cell{{Text: "Inspektorat"}, {}}}},
	}
	var b strings.Builder
	t.WriteCSV(&b)
	fmt.Print(strings.TrimPrefix(b.String(), "\ufeff")) // the byte-order mark Excel needs
	// Output:
	// OPD,Anggaran (Rp)
	// Dinas Kesehatan,2500000000
	// Inspektorat,
}

func ExampleTable_WriteCSVWith() {
	t := &present.Table{
		Cols: []present.Column{{Header: "Wilayah"}, {Header: "IPG", Kind: present.KNum, Dec: 2}},
		Rows: []present.Row{{Cells: []present.Cell{{Text: "Medan Baru"}, {Value: 96.81}}}},
	}
	meta := present.Provenance{Snapshot: "run-000042", Published: time.Date(2024, 3, 5, 7, 0, 0, 0, time.UTC),
		Filters: []present.Filter{{Name: "Tahun", Value: "2023"}}, Source: "setara: gender_index", Rows: 1, TotalRows: 3}
	var b strings.Builder
	t.WriteCSVWith(&b, present.CSVOptions{Indonesian: true, Meta: &meta, Lang: present.ID})
	fmt.Print(strings.TrimPrefix(b.String(), "\ufeff"))
	// Output:
	// Wilayah;IPG
	// Medan Baru;96,81
	//
	// # Snapshot: run-000042
	// # Tanggal snapshot: 5 Maret 2024 14.00 WIB
	// # Filter: Tahun = 2023
	// # Sumber: setara: gender_index
	// # TERPOTONG: 1 dari 3 baris (dipotong oleh batas baris unduhan)
}

func ExampleNewChoropleth() {
	maps, err := present.LoadMaps()
	if err != nil {
		fmt.Println(err)
		return
	}
	c := present.NewChoropleth(present.EN, maps["1275"], present.MapSpec{ID: "map", Title: "IPG 2023", Unit: "IPG",
		Values: map[string]present.MapValue{"1275090": {Value: 96.81, Text: "96.81"}, "1275010": {Value: 93.12, Text: "93.12"}},
		Format: func(v float64) string { return present.EN.Num(v, 2) }})
	fmt.Println(len(c.Regions), "kecamatan")
	for _, item := range c.Legend {
		fmt.Println(item.Class, item.Name)
	}
	fmt.Println(c.Attribution)
	// Output:
	// 21 kecamatan
	// q0 93.12 – 94.97
	// q4 94.97 – 96.81
	// nodata no data
	// Boundaries: BPS 2020 via OCHA HDX COD-AB (CC BY-IGO)
}
