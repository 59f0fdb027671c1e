package cli

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/setara-pug/setara/pipeline/snapshot/snapshottest"
)

func TestServeServesCurrentSnapshotUntilCancelled(t *testing.T) {
	w := snapshottest.NewWarehouse(t)
	w.Publish(1)
	pr, pw := io.Pipe()
	var errOut bytes.Buffer
	env := testEnv(nil, &errOut)
	env.Stdout = pw
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	exit := make(chan int, 1)
	go func() {
		exit <- Execute(ctx, env, []string{"--db", w.DBPath, "serve", "--addr", "127.0.0.1:0"})
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("no URL printed: %v; stderr %s", err, errOut.String())
	}
	const marker = "open "
	i := strings.Index(line, marker)
	if !strings.Contains(line, "serving snapshot run-000001") || i < 0 {
		t.Fatalf("printed %q", line)
	}
	url := strings.TrimSpace(line[i+len(marker):])
	resp, err := http.Get(url + "healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.Header.Get("X-Setara-Snapshot") != "run-000001" || !strings.Contains(string(body), `"snapshot":"run-000001"`) {
		t.Errorf("healthz: %d %s %v", resp.StatusCode, body, resp.Header)
	}
	cancel()
	go io.Copy(io.Discard, pr)
	if code := <-exit; code != ExitOK {
		t.Errorf("serve exit %d after cancel; stderr %s", code, errOut.String())
	}
}

func TestServeRefusesOpenAddressWithoutTokens(t *testing.T) {
	var out, errOut bytes.Buffer
	env := testEnv(&out, &errOut)
	code := Execute(context.Background(), env, []string{"--db", t.TempDir() + "/w.duckdb", "serve", "--addr", "0.0.0.0:0"})
	if code != ExitUsage || !strings.Contains(errOut.String(), "without tokens") {
		t.Errorf("exit %d stderr %s", code, errOut.String())
	}
	if strings.Contains(errOut.String(), "demo") {
		t.Errorf("ran the demo before checking the address: %s", errOut.String())
	}
}
