package testenv

import (
	"os"
	"strconv"
	"testing"
)

// Int is the whole number the environment variable name holds, or def when it is unset.
func Int(t testing.TB, name string, def int) int {
	t.Helper()
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("%s=%q: %v", name, s, err)
	}
	return n
}
