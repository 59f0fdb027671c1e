package cli

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestServeServesCurrentSnapshotUntilCancelled(t *testing.T) {
	db := publishedDB(t)
	pr, pw := io.Pipe()
	var errOut bytes.Buffer
	env := testEnv(nil, &errOut)
	env.Stdout = pw
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	exit := make(chan int, 1)
	go func() {
		exit <- Execute(ctx, env, []string{"--db", db, "serve", "--addr", "127.0.0.1:0"})
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
	checkMetricsFamiliesOnce(t, url+"metrics")
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
	code, _, errOut := execute("--db", t.TempDir()+"/w.duckdb", "serve", "--addr", "0.0.0.0:0")
	if code != ExitUsage || !strings.Contains(errOut, "without tokens") {
		t.Errorf("exit %d stderr %s", code, errOut)
	}
	if strings.Contains(errOut, "demo") {
		t.Errorf("ran the demo before checking the address: %s", errOut)
	}
}

func TestServeRefusesRefreshThreadsAndNiceOutOfRange(t *testing.T) {
	for _, tc := range []struct{ flag, value, msg string }{
		{"--refresh-threads", "-1", "--refresh-threads -1"},
		{"--refresh-nice", "-1", "--refresh-nice -1: must be 0 to 19"},
		{"--refresh-nice", "20", "--refresh-nice 20: must be 0 to 19"},
	} {
		code, _, errOut := execute("--db", t.TempDir()+"/w.duckdb", "serve", tc.flag, tc.value)
		if code != ExitUsage || !strings.Contains(errOut, tc.msg) || strings.Contains(errOut, "demo") {
			t.Errorf("serve %s %s: exit %d, stderr %q; want exit %d naming %q before any demo", tc.flag, tc.value, code, errOut, ExitUsage, tc.msg)
		}
	}
}

// checkMetricsFamiliesOnce fetches /metrics of the serve command (the snapshot exposition, the
// refresher's metrics and the Go and process collectors, as wired in production) and fails
// when a family is declared twice or its samples are split by another family's.
func checkMetricsFamiliesOnce(t *testing.T, url string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics: %d %v", resp.StatusCode, err)
	}
	declared := map[string]int{} // family -> line of its TYPE
	current := ""
	for i, line := range strings.Split(string(body), "\n") {
		fields := strings.Fields(line)
		if len(fields) >= 3 && fields[0] == "#" && fields[1] == "TYPE" {
			name := fields[2]
			if first, ok := declared[name]; ok {
				t.Errorf("/metrics line %d: family %s declared again (first on line %d)", i+1, name, first)
			}
			declared[name] = i + 1
			current = name
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name := line[:strings.IndexAny(line+" ", "{ ")]
		if name != current && !strings.HasPrefix(name, current+"_") {
			t.Errorf("/metrics line %d: sample %s outside its family's block (after %s)", i+1, name, current)
		}
	}
	for _, want := range []string{"setara_gender_index", "setara_refresh_files_total", "go_goroutines", "process_resident_memory_bytes"} {
		if _, ok := declared[want]; !ok {
			t.Errorf("/metrics lacks family %s; families: %v", want, declared)
		}
	}
}
