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
	return readAll(t, f, err)
}

// RecordsFS returns every record (the header first) of the CSV file name in fsys.
func RecordsFS(t testing.TB, fsys fs.FS, name string) [][]string {
	t.Helper()
	f, err := fsys.Open(name)
	return readAll(t, f, err)
}

// readAll reads f, just opened with the error openErr.
func readAll(t testing.TB, f fs.File, openErr error) [][]string {
	t.Helper()
	if openErr != nil {
		t.Fatal(openErr)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}
