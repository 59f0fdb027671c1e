package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// A file at fault (malformed, of no known kind, unreadable) fails with a *FileError naming it.
func TestMalformedFileIsAFileError(t *testing.T) {
	db := openWarehouse(t)
	dir := t.TempDir()
	for name, body := range map[string]string{
		"unknown.csv":    "a,b,c\n1,2,3\n",
		"utf16.csv":      "\xff\xfer\x00e\x00g\x00\n\x00",
		"missing.csv":    "region_code,year,indicator,sex\n1275,2024,life_expectancy,P\n",
		"broken.xlsx":    "PK not a workbook",
		"broken.parquet": "not parquet",
	} {
		path := writeFile(t, dir, name, body)
		_, err := LoadFile(context.Background(), db, path, Options{Now: fixedNow})
		var fe *FileError
		if !errors.As(err, &fe) || fe.Path != path {
			t.Errorf("%s: error %v (%T); want a *FileError of the file", name, err, err)
		}
	}
}

// A cancelled load is not the file's fault: it is no FileError.
func TestCancelledLoadIsNoFileError(t *testing.T) {
	db := openWarehouse(t)
	path := writeFile(t, t.TempDir(), "ok.csv", "region_code,year,indicator,sex,value\n1275,2024,life_expectancy,P,74.5\n")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := LoadFile(ctx, db, path, Options{Now: fixedNow})
	var fe *FileError
	if err == nil || errors.As(err, &fe) {
		t.Errorf("cancelled load: error %v (%T); want an error that is not a *FileError", err, err)
	}
}

// A Parquet file whose footer reads but whose data pages are damaged is the file's fault.
func TestDamagedParquetIsAFileError(t *testing.T) {
	db := openWarehouse(t)
	path := filepath.Join(t.TempDir(), "damaged.parquet")
	if _, err := db.ExecContext(context.Background(), fmt.Sprintf(`COPY (SELECT '1275' AS region_code, 2000 + (i %% 20) AS year,
		'life_expectancy' AS indicator, 'P' AS sex, 70.0 + i / 1000 AS value FROM range(20) t(i))
		TO '%s' (FORMAT parquet, COMPRESSION uncompressed)`, path)); err != nil {
		t.Fatal(err)
	}
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 8; i < len(body)/3; i++ { // the data pages: past the magic, before the footer
		body[i] = 0xff
	}
	if err := os.WriteFile(path, body, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = LoadFile(context.Background(), db, path, Options{Now: fixedNow})
	var fe *FileError
	if !errors.As(err, &fe) || fe.Path != path {
		t.Errorf("damaged Parquet: error %v (%T); want a *FileError of the file", err, err)
	}
}
