package cli

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/setara-pug/setara/pipeline/snapshot/snapshottest"
)

// testEnv is an Env with empty stdin, a discarded log, no environment variables and a clock
// that ticks one second a call from 2024-03-01 02:00 UTC.
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

// execute runs setara with args in a fresh testEnv and returns the exit code, stdout and stderr.
func execute(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = Execute(context.Background(), testEnv(&out, &errOut), args)
	return code, out.String(), errOut.String()
}

// publishedDB is the path of a test warehouse with one published snapshot, run-000001.
func publishedDB(t *testing.T) string {
	t.Helper()
	w := snapshottest.NewWarehouse(t)
	w.Publish(1)
	return w.DBPath
}

// session runs setara commands one after another on one fresh warehouse with one testEnv,
// as a user would; out collects what every command printed, errOut that and what it logged.
type session struct {
	db          string
	env         *Env
	out, errOut bytes.Buffer
}

func newSession(t *testing.T) *session {
	s := &session{db: filepath.Join(t.TempDir(), "w.duckdb")}
	s.env = testEnv(&s.out, &s.errOut)
	s.env.Logger = slog.New(slog.NewTextHandler(&s.errOut, nil))
	return s
}

// run runs `setara --db s.db args...` and returns its exit code.
func (s *session) run(args ...string) int {
	return Execute(context.Background(), s.env, append([]string{"--db", s.db}, args...))
}

// writeTestFile writes content to path, making its directory first; it fails the test on error.
func writeTestFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// serveForTest runs `setara serve` on a free loopback port and returns its base URL and stop,
// which ends it and fails the test unless it exited cleanly (also run when the test ends).
func serveForTest(t *testing.T, db string, args ...string) (base string, stop func()) {
	t.Helper()
	pr, pw := io.Pipe()
	var errOut bytes.Buffer
	env := testEnv(nil, &errOut)
	env.Stdout = pw
	ctx, cancel := context.WithCancel(context.Background())
	exit := make(chan int, 1)
	go func() {
		exit <- Execute(ctx, env, append([]string{"--db", db, "serve", "--addr", "127.0.0.1:0"}, args...))
		pw.Close()
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if code := <-exit; code != ExitOK {
				t.Errorf("serve exit %d; stderr %s", code, errOut.String())
			}
		})
	}
	t.Cleanup(stop)
	line, err := bufio.NewReader(pr).ReadString('\n')
	i := strings.Index(line, "open http://")
	if err != nil || i < 0 {
		t.Fatalf("printed %q (%v); stderr %s", line, err, errOut.String())
	}
	go io.Copy(io.Discard, pr)
	return strings.TrimSuffix(strings.TrimSpace(line[i+len("open "):]), "/"), stop
}
