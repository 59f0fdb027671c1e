package cli

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func testEnv(out, errOut *bytes.Buffer) *Env {
	t0 := time.Date(2024, 3, 1, 2, 0, 0, 0, time.UTC)
	return &Env{
		Stdin: strings.NewReader(""), Stdout: out, Stderr: errOut,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now: func() time.Time {
			t0 = t0.Add(time.Second)
			return t0
		},
		Getenv: func(string) string { return "" },
	}
}

func TestRunThenRunsListsHistory(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "w.duckdb")
	var out, errOut bytes.Buffer
	env := testEnv(&out, &errOut)
	for i := 0; i < 2; i++ {
		if code := Execute(ctx, env, []string{"--db", db, "run"}); code != ExitOK {
			t.Fatalf("run %d: exit %d, stderr %s", i+1, code, errOut.String())
		}
	}
	if !strings.Contains(out.String(), "run 2 succeeded") || !strings.Contains(out.String(), "published run-000002.duckdb") {
		t.Errorf("run output:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "stage gender_index ") {
		t.Errorf("run output lacks the stage lines:\n%s", out.String())
	}
	out.Reset()
	if code := Execute(ctx, env, []string{"--db", db, "runs", "-n", "5"}); code != ExitOK {
		t.Fatalf("runs: exit %d, stderr %s", code, errOut.String())
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
	if code := Execute(ctx, env, []string{"--db", db, "runs", "-n", "0"}); code != ExitUsage {
		t.Errorf("runs -n 0: exit %d, want usage", code)
	}
}
