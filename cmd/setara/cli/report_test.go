package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReportCommandUsage(t *testing.T) {
	db := publishedDB(t)
	for _, tc := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"report", "--out", t.TempDir()}, "--year is required"},
		{[]string{"report", "--year", "2023"}, "--out is required"},
		{[]string{"report", "--year", "2023", "--lang", "fr", "--out", t.TempDir()}, `language "fr"`},
	} {
		code, _, errOut := execute(append([]string{"--db", db}, tc.args...)...)
		if code != ExitUsage || !strings.Contains(errOut, tc.stderr) {
			t.Errorf("%v: exit %d stderr %q; want exit %d and %q", tc.args, code, errOut, ExitUsage, tc.stderr)
		}
	}
}

// TestReportCommandWithoutChromium runs with an empty PATH: the command says Chromium is
// missing and still writes the HTML and the XLSX.
func TestReportCommandWithoutChromium(t *testing.T) {
	db := publishedDB(t)
	dir := filepath.Join(t.TempDir(), "laporan")
	t.Setenv("PATH", "")
	code, _, errOut := execute("--db", db, "report", "--year", "2023", "--out", dir)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "Chromium not found") {
		t.Errorf("stderr %q: want it to say Chromium is missing", errOut)
	}
	for _, name := range []string{"laporan-pug-2023.html", "laporan-pug-2023.xlsx"} {
		if st, err := os.Stat(filepath.Join(dir, name)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "laporan-pug-2023.pdf")); !os.IsNotExist(err) {
		t.Errorf("a PDF was written without Chromium (%v)", err)
	}
}
