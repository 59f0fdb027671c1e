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
