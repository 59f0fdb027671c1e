// Package csvtest reads whole CSV files for the pipeline's tests, failing the test on any
// error. It is imported only by _test.go files.
package csvtest

import (
	"encoding/csv"
	"io/fs"
	"os"
	"testing"
)

// Records returns every record (the header first) of the CSV file at path.
func Records(t testing.TB, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return readAll(t, f)
}

// RecordsFS returns every record (the header first) of the CSV file name in fsys.
func RecordsFS(t testing.TB, fsys fs.FS, name string) [][]string {
	t.Helper()
	f, err := fsys.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return readAll(t, f)
}

func readAll(t testing.TB, f fs.File) [][]string {
	t.Helper()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}
