package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestBenchCommandUsage(t *testing.T) {
	out := filepath.Join(t.TempDir(), "bench")
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"bench", "--persons", "0", "--out", out}, ExitUsage, "--persons 0"},
		{[]string{"bench", "--persons", "x", "--out", out}, ExitUsage, "invalid argument"},
		{[]string{"bench", "--repeat", "0", "--out", out}, ExitUsage, "--repeat 0"},
		{[]string{"bench", "--years", "0", "--out", out}, ExitUsage, "--years 0"},
		{[]string{"bench", "--connections", "0", "--out", out}, ExitUsage, "--connections 0"},
		{[]string{"bench", "--wrk", filepath.Join(out, "no-wrk"), "--persons", "10", "--out", out}, ExitFailure, "wrk"},
		{[]string{"bench", "step", `{"step":"nonsense"}`}, ExitFailure, `unknown step "nonsense"`},
		{[]string{"bench", "step", `not json`}, ExitFailure, "bench step"},
	} {
		code, _, stderr := execute(tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.msg) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d mentioning %q", tc.args, code, stderr, tc.code, tc.msg)
		}
	}
}
