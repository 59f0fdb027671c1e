package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExportWritesThePublishedViews(t *testing.T) {
	s := newSession(t)
	out := filepath.Join(t.TempDir(), "export")
	if code := s.run("export", "--out", out); code != ExitFailure {
		t.Errorf("export before any run: exit %d, want %d", code, ExitFailure)
	}
	if code := s.run("run"); code != ExitOK {
		t.Fatalf("run: exit %d: %s", code, s.errOut.String())
	}
	if code := s.run("export", "--out", out); code != ExitOK {
		t.Fatalf("export: exit %d: %s", code, s.errOut.String())
	}
	for _, view := range []string{"gender_index", "indicator_value", "program_summary", "rejected_rows", "data_completeness"} {
		b, err := os.ReadFile(filepath.Join(out, view+".csv"))
		if err != nil {
			t.Errorf("%s.csv: %v", view, err)
			continue
		}
		if !strings.Contains(strings.SplitN(string(b), "\n", 2)[0], "year") && view != "rejected_rows" {
			t.Errorf("%s.csv header = %q", view, strings.SplitN(string(b), "\n", 2)[0])
		}
	}
	if code := s.run("export", "--out", out, "--format", "xml"); code != ExitUsage {
		t.Errorf("--format xml: exit %d, want usage", code)
	}
}
