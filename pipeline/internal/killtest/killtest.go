// Package killtest helps the crash tests of the write side: it builds the setara binary and
// runs it to its end or kills it (SIGKILL) after a delay.
package killtest

import (
	"bytes"
	"errors"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// Build compiles the setara command into a temporary directory of t and returns its path.
func Build(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "setara")
	build := exec.Command("go", "build", "-tags", "duckdb_arrow", "-o", bin, "github.com/setara-pug/setara/cmd/setara")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// Run runs bin with args to its end, or until it is killed after killAfter (0: never); it
// returns the exit code (-1: killed) and the output.
func Run(t *testing.T, bin string, killAfter time.Duration, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var out bytes.Buffer // read after Wait, which waits for the copying
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if killAfter > 0 {
		timer := time.AfterFunc(killAfter, func() { cmd.Process.Signal(syscall.SIGKILL) })
		defer timer.Stop()
	}
	err := cmd.Wait()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		return ee.ExitCode(), out.String()
	case err != nil:
		t.Fatal(err)
	}
	return 0, out.String()
}
