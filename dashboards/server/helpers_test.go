package server

import (
	"net"
	"os/exec"
	"testing"
)

// requireTool skips t under -short (skip says why) and otherwise returns the path of the named
// program, failing t when it is not installed (missing says what needs it and how to install it).
func requireTool(t *testing.T, name, skip, missing string) string {
	t.Helper()
	if testing.Short() {
		t.Skip(skip)
	}
	path, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s: %v", missing, err)
	}
	return path
}

func netListen(t *testing.T) (net.Listener, error) {
	t.Helper()
	return net.Listen("tcp", "127.0.0.1:0")
}
