package holdtest

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"sync"
	"testing"
)

// holderEnv names, in the second process, the warehouse it is to hold.
const holderEnv = "SETARA_TEST_HOLD_WAREHOUSE"

// Serve is the holder's side, called first by the test that Start names. In the second
// process it opens the warehouse with open, says "holding", waits until its stdin is closed
// and exits; in the test itself it returns at once.
func Serve(open func(path string) (io.Closer, error)) {
	holder := os.Getenv(holderEnv)
	if holder == "" {
		return
	}
	w, err := open(holder)
	if err != nil {
		os.Stdout.WriteString("error " + err.Error() + "\n")
		os.Exit(1)
	}
	os.Stdout.WriteString("holding\n")
	bufio.NewReader(os.Stdin).ReadString('\n')
	w.Close()
	os.Exit(0)
}

// Start runs the test named test (which calls Serve) in a second process holding the warehouse
// path, and returns once it holds it. release ends the holder; it also ends when t does.
func Start(t testing.TB, test, path string) (cmd *exec.Cmd, release func()) {
	t.Helper()
	cmd = exec.Command(os.Args[0], "-test.run=^"+test+"$")
	cmd.Env = append(os.Environ(), holderEnv+"="+path)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	release = func() { once.Do(func() { stdin.Close(); cmd.Wait() }) }
	t.Cleanup(release)
	if line, _ := bufio.NewReader(stdout).ReadString('\n'); line != "holding\n" {
		t.Fatalf("holder process said %q", line)
	}
	return cmd, release
}
