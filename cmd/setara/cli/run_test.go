package cli

import (
	"strings"
	"testing"
)

func TestRunThenRunsListsHistory(t *testing.T) {
	s := newSession(t)
	out := &s.out
	for i := 0; i < 2; i++ {
		if code := s.run("run"); code != ExitOK {
			t.Fatalf("run %d: exit %d, stderr %s", i+1, code, s.errOut.String())
		}
	}
	if !strings.Contains(out.String(), "run 2 succeeded") || !strings.Contains(out.String(), "published run-000002.duckdb") {
		t.Errorf("run output:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "stage gender_index ") {
		t.Errorf("run output lacks the stage lines:\n%s", out.String())
	}
	out.Reset()
	if code := s.run("runs", "-n", "5"); code != ExitOK {
		t.Fatalf("runs: exit %d, stderr %s", code, s.errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "RUN") {
		t.Fatalf("runs output:\n%s", out.String())
	}
	for i, id := range []string{"2", "1"} {
		f := strings.Fields(lines[i+1])
		if len(f) < 9 || f[0] != id || f[1] != "run" || f[5] != "succeeded" || f[8] != "run-00000"+id+".duckdb" {
			t.Errorf("runs line %d = %q, want run %s by run, succeeded, with its snapshot", i+1, lines[i+1], id)
		}
	}
	if code := s.run("runs", "-n", "0"); code != ExitUsage {
		t.Errorf("runs -n 0: exit %d, want usage", code)
	}
}
