package ingest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestXLSXMixesNumericAndIndonesianTextCells: numeric cells hold plain numbers (1.5, 1.234) and
// text cells may be typed the Indonesian way (74,5; 1.234,5). One Indonesian text cell must not
// turn the sheet's numeric 1.234 into 1234.
func TestXLSXMixesNumericAndIndonesianTextCells(t *testing.T) {
	ctx := context.Background()
	x := excelize.NewFile()
	x.SetSheetRow("Sheet1", "A1", &[]any{"region_code", "year", "indicator", "sex", "value"})
	x.SetSheetRow("Sheet1", "A2", &[]any{"1275", 2023, "mean_schooling", "P", 1.5})
	x.SetSheetRow("Sheet1", "A3", &[]any{"1275", 2023, "mean_schooling", "L", 1.234})
	x.SetSheetRow("Sheet1", "A4", &[]any{"1275", 2023, "labour_force_participation", "P", "74,5"})
	x.SetSheetRow("Sheet1", "A5", &[]any{"1275", 2023, "population", "T", "1.234,5"})
	path := filepath.Join(t.TempDir(), "campur.xlsx")
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	db := openWarehouse(t)
	res, err := LoadFile(ctx, db, path, Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if res.Accepted != 4 || res.Rejected != 0 {
		t.Fatalf("accepted %d, rejected %d (%v); want 4, 0", res.Accepted, res.Rejected, res.Problems)
	}
	want := map[int64]float64{2: 1.5, 3: 1.234, 4: 74.5, 5: 1234.5}
	rows, err := db.Query(`SELECT line, value FROM raw_indicator WHERE batch_id = ?`, res.BatchID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var line int64
		var v float64
		if err := rows.Scan(&line, &v); err != nil {
			t.Fatal(err)
		}
		if want[line] != v {
			t.Errorf("row %d loaded %v, want %v", line, v, want[line])
		}
	}
}
