package refresh

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 29, 2, 0, 0, 0, time.UTC)

func writeFile(t *testing.T, path, content string, mod time.Time) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, mod, mod); err != nil {
		t.Fatal(err)
	}
}

func TestScanTakesOnlyCompleteFiles(t *testing.T) {
	const settle = 30 * time.Second
	tests := []struct {
		name string
		age  time.Duration // how long ago the file was last modified
		take bool
		wait bool // listed as still being written
	}{
		{"old.csv", time.Hour, true, false},
		{"settled-exactly.csv", settle, true, false},
		{"just-written.csv", 29 * time.Second, false, true},
		{"being-written-now.xlsx", 0, false, true},
		{"future-mtime.csv", -time.Minute, false, true},
		{"data.parquet", time.Hour, true, false},
		{"UPPER.CSV", time.Hour, true, false},
		{"upload.csv.part", time.Hour, false, false},
		{"upload.csv.tmp", time.Hour, false, false},
		{"download.csv.crdownload", time.Hour, false, false},
		{"~$book.xlsx", time.Hour, false, false},
		{".hidden.csv", time.Hour, false, false},
		{".rsync-upload.csv.Xa12bc", time.Hour, false, false},
		{"notes.txt", time.Hour, false, false},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		writeFile(t, filepath.Join(dir, tt.name), "a,b\n1,2\n", t0.Add(-tt.age))
	}
	writeFile(t, filepath.Join(dir, ProcessedDir, "2026-11-28", "old.csv"), "a\n", t0.Add(-48*time.Hour))
	take, waiting, err := scan(dir, t0, settle, nil)
	if err != nil {
		t.Fatal(err)
	}
	taken := map[string]bool{}
	for _, c := range take {
		taken[c.Name] = true
		if c.Path != filepath.Join(dir, c.Name) {
			t.Errorf("%s: path %s", c.Name, c.Path)
		}
	}
	waits := map[string]bool{}
	for _, w := range waiting {
		waits[w] = true
	}
	for _, tt := range tests {
		if taken[tt.name] != tt.take {
			t.Errorf("%s (modified %v ago): taken = %v, want %v", tt.name, tt.age, taken[tt.name], tt.take)
		}
		if waits[tt.name] != tt.wait {
			t.Errorf("%s (modified %v ago): waiting = %v, want %v", tt.name, tt.age, waits[tt.name], tt.wait)
		}
	}
}

// A file that grows while its modification time stays old (a copy that preserves times) is
// left alone until it has been seen unchanged for the settle time.
func TestScanWaitsForAFileThatChangesBetweenScans(t *testing.T) {
	const settle = 30 * time.Second
	dir := t.TempDir()
	path := filepath.Join(dir, "copy.csv")
	old := t0.Add(-24 * time.Hour)
	writeFile(t, path, "a,b\n", old)
	seen := map[string]observation{}

	steps := []struct {
		at      time.Duration // since t0
		content string        // rewritten (mtime kept old) when not empty
		take    bool
	}{
		{0, "", true},                           // first sight: old mtime, taken
		{10 * time.Second, "a,b\n1,2\n", false}, // grew: wait
		{39 * time.Second, "", false},           // 29 s since the change
		{40 * time.Second, "", true},            // 30 s since the change
		{41 * time.Second, "a,b\n1,2\n3,4\n", false},
	}
	for _, st := range steps {
		if st.content != "" {
			writeFile(t, path, st.content, old)
		}
		take, _, err := scan(dir, t0.Add(st.at), settle, seen)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(take) == 1; got != st.take {
			t.Errorf("at +%v: taken = %v, want %v", st.at, got, st.take)
		}
	}
}

func TestScanTakesRegionsFilesFirst(t *testing.T) {
	dir := t.TempDir()
	old := t0.Add(-time.Hour)
	writeFile(t, filepath.Join(dir, "a-indicators.csv"), "region_code,year,indicator,sex,value\n", old)
	writeFile(t, filepath.Join(dir, "b-microdata.csv"), "region_code,year,person_id,weight,sex,age\n", old)
	writeFile(t, filepath.Join(dir, "z-kode.csv"), "\xef\xbb\xbfRegion_Code;Name;Level;Parent_Code\n", old)
	writeFile(t, filepath.Join(dir, "m-wilayah.xlsx"), "not really xlsx", old)
	writeFile(t, filepath.Join(dir, "0-programs.csv"), "year,opd_code,opd_name,program,activity\n", old)
	take, _, err := scan(dir, t0, DefaultSettle, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range take {
		got = append(got, c.Name)
	}
	want := []string{"m-wilayah.xlsx", "z-kode.csv", "0-programs.csv", "a-indicators.csv", "b-microdata.csv"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("order = %v, want %v", got, want)
	}
}

func TestMoveToPicksAFreeName(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "processed", "2026-11-29")
	writeFile(t, filepath.Join(dest, "x.csv"), "first", t0)
	writeFile(t, filepath.Join(dir, "x.csv"), "second", t0)
	got, err := moveTo(filepath.Join(dir, "x.csv"), dest)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dest, "x-2.csv"); got != want {
		t.Errorf("moved to %s, want %s", got, want)
	}
	for p, want := range map[string]string{filepath.Join(dest, "x.csv"): "first", filepath.Join(dest, "x-2.csv"): "second"} {
		if b, err := os.ReadFile(p); err != nil || string(b) != want {
			t.Errorf("%s = %q, %v; want %q", p, b, err, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.csv")); !os.IsNotExist(err) {
		t.Errorf("source still present: %v", err)
	}
}
