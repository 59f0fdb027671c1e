package server

import (
	"bufio"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestLoadWhileRefreshing builds the binary, loads the demo, serves it on a free loopback port
// and runs wrk on the pages and read APIs (SETARA_LOAD_SECONDS, default 60) while three
// refreshes publish new snapshots. It asserts: no 5xx (no non-2xx at all), no answer of
// /api/indices mixing two snapshots, server RSS under 1.5 GB; and the privacy of the demo
// snapshot: no microdata table, no person_id anywhere a viewer can see.
func TestLoadWhileRefreshing(t *testing.T) {
	wrk := requireTool(t, "wrk", "integration test (-short)", "wrk is needed for the load test (apt-get install wrk)")
	seconds := 60
	if s := os.Getenv("SETARA_LOAD_SECONDS"); s != "" {
		var err error
		if seconds, err = strconv.Atoi(s); err != nil || seconds < 1 {
			t.Fatalf("SETARA_LOAD_SECONDS=%q", s)
		}
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "setara")
	build := exec.Command("go", "build", "-tags", "duckdb_arrow", "-o", bin, "../../cmd/setara")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "w.duckdb")
	if out, err := exec.Command(bin, "--db", db, "demo").CombinedOutput(); err != nil {
		t.Fatalf("setara demo: %v\n%s", err, out)
	}
	personIDs := samplePersonIDs(t, db)

	tokens := filepath.Join(dir, "tokens")
	if err := os.WriteFile(tokens, []byte("viewer "+viewerToken+" vera\nadmin "+adminToken+" adi\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	addr := freeLoopbackAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	serve := exec.CommandContext(ctx, bin, "--db", db, "serve", "--addr", addr, "--tokens", tokens)
	logFile, err := os.Create(filepath.Join(dir, "serve.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	serve.Stdout, serve.Stderr = logFile, logFile
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		serve.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { serve.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			serve.Process.Kill()
			<-done
		}
		if t.Failed() {
			b, _ := os.ReadFile(logFile.Name())
			t.Logf("serve log:\n%s", b)
		}
	}()
	base := "http://" + addr
	waitHealthy(t, base)

	// RSS sampler.
	var maxRSS int64
	var rssMu sync.Mutex
	stopRSS := make(chan struct{})
	rssDone := make(chan struct{})
	go func() {
		defer close(rssDone)
		for {
			if kb := vmRSS(serve.Process.Pid); kb > 0 {
				rssMu.Lock()
				maxRSS = max(maxRSS, kb)
				rssMu.Unlock()
			}
			select {
			case <-stopRSS:
				return
			case <-time.After(200 * time.Millisecond):
			}
		}
	}()

	// The Go client: /api/indices, header against body, one body per snapshot.
	stopClient := make(chan struct{})
	type clientResult struct {
		requests, mixed, bad int
		bodies               map[string]string // snapshot -> sha256 of the body
		problems             []string
	}
	clientCh := make(chan clientResult, 1)
	go func() {
		res := clientResult{bodies: map[string]string{}}
		client := &http.Client{Timeout: 30 * time.Second}
		for {
			select {
			case <-stopClient:
				clientCh <- res
				return
			default:
			}
			req, _ := http.NewRequest(http.MethodGet, base+"/api/indices", nil)
			req.Header.Set("Authorization", "Bearer "+viewerToken)
			resp, err := client.Do(req)
			if err != nil {
				res.bad++
				res.problems = append(res.problems, err.Error())
				continue
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			res.requests++
			if err != nil || resp.StatusCode != 200 {
				res.bad++
				res.problems = append(res.problems, fmt.Sprintf("%d %v", resp.StatusCode, err))
				continue
			}
			var doc struct {
				Snapshot string `json:"snapshot"`
			}
			header := resp.Header.Get("X-Setara-Snapshot")
			if err := json.Unmarshal(body, &doc); err != nil || doc.Snapshot == "" || doc.Snapshot != header {
				res.mixed++
				res.problems = append(res.problems, fmt.Sprintf("header %q body snapshot %q (%v)", header, doc.Snapshot, err))
				continue
			}
			sum := sha256.Sum256(body)
			h := hex.EncodeToString(sum[:])
			if prev, ok := res.bodies[header]; ok && prev != h {
				res.mixed++
				res.problems = append(res.problems, "two different bodies for snapshot "+header)
			}
			res.bodies[header] = h
		}
	}()

	// wrk on pages and read APIs.
	script := filepath.Join(dir, "rotate.lua")
	if err := os.WriteFile(script, []byte(wrkScript), 0o644); err != nil {
		t.Fatal(err)
	}
	wrkOut := make(chan string, 1)
	go func() {
		cmd := exec.Command(wrk, "-t2", "-c16", "-d"+strconv.Itoa(seconds)+"s", "--latency", "--timeout", "30s",
			"-s", script, "-H", "Authorization: Bearer "+viewerToken, base+"/")
		out, err := cmd.CombinedOutput()
		if err != nil {
			out = append(out, []byte("\nwrk: "+err.Error())...)
		}
		wrkOut <- string(out)
	}()

	// Three refreshes, each with a new indicators file in the inbox, spread over the run.
	inbox := filepath.Join(dir, "inbox")
	if err := os.MkdirAll(inbox, 0o755); err != nil {
		t.Fatal(err)
	}
	var snapshots []string
	for i := 1; i <= 3; i++ {
		time.Sleep(time.Duration(seconds) * time.Second / 5)
		file := filepath.Join(inbox, fmt.Sprintf("indikator_load_%d.csv", i))
		content := fmt.Sprintf("region_code;year;indicator;sex;value;source\n1275;2023;uhh;P;%d,5;load test %d\n1275;2023;uhh;L;%d,5;load test %d\n", 73+i, i, 69+i, i)
		if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		// An hour old: the inbox takes it now instead of waiting for it to settle.
		old := time.Now().Add(-time.Hour)
		if err := os.Chtimes(file, old, old); err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequest(http.MethodPost, base+"/api/refresh", nil)
		req.Header.Set("Authorization", "Bearer "+adminToken)
		resp, err := (&http.Client{Timeout: 10 * time.Minute}).Do(req)
		if err != nil {
			t.Fatalf("refresh %d: %v", i, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("refresh %d: %d %s", i, resp.StatusCode, body)
		}
		var r struct {
			Snapshot string `json:"snapshot"`
			Switched bool   `json:"switched"`
		}
		// The server's poll may have switched first (then switched is false): compare ids.
		if err := json.Unmarshal(body, &r); err != nil || r.Snapshot == "" || slices.Contains(snapshots, r.Snapshot) {
			t.Errorf("refresh %d: %s (%v): no new snapshot", i, body, err)
		}
		snapshots = append(snapshots, r.Snapshot)
	}
	out := <-wrkOut
	close(stopClient)
	client := <-clientCh
	close(stopRSS)
	<-rssDone

	t.Logf("wrk (%ds):\n%s", seconds, out)
	rps, p99, non2xx, reqs := parseWrk(t, out)
	rssMu.Lock()
	rssMB := maxRSS / 1024
	rssMu.Unlock()
	t.Logf("LOAD: %d requests, %.1f req/s, p99 %s, non-2xx %d, max RSS %d MB; snapshots %v; Go client %d requests over %d snapshots",
		reqs, rps, p99, non2xx, rssMB, snapshots, client.requests, len(client.bodies))
	if reqs == 0 {
		t.Errorf("wrk made no requests")
	}
	if non2xx != 0 {
		t.Errorf("%d non-2xx answers under load (see the status counts above)", non2xx)
	}
	m := regexp.MustCompile(`statuses 2xx: (\d+) 3xx: \d+ 4xx: \d+ 5xx: (\d+)`).FindStringSubmatch(out)
	if m == nil || m[1] == "0" || m[2] != "0" || strings.Contains(out, "PANIC") {
		t.Errorf("wrk status counts %q: want many 2xx and no 5xx", m)
	}
	if client.mixed != 0 || client.bad != 0 {
		t.Errorf("Go client: %d mixed, %d failed: %v", client.mixed, client.bad, first(client.problems, 5))
	}
	if len(client.bodies) < 2 {
		t.Errorf("the Go client saw %d snapshot(s), want the switches to be seen", len(client.bodies))
	}
	if rssMB >= 1536 {
		t.Errorf("max RSS %d MB, want < 1.5 GB", rssMB)
	}
	if maxRSS == 0 {
		t.Errorf("RSS was never sampled")
	}

	checkPrivacy(t, base, db, personIDs)
}

const wrkScript = `
local paths = {
  "/", "/wilayah", "/indikator", "/program", "/evaluasi", "/data", "/?lang=en",
  "/api/indices", "/api/indicators?region=1275", "/api/indicators?format=csv&year=2023",
  "/download/indices.csv", "/metrics", "/healthz",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
s2xx, s3xx, s4xx, s5xx = 0, 0, 0, 0
response = function(status, headers, body)
  if status >= 500 then s5xx = s5xx + 1
  elseif status >= 400 then s4xx = s4xx + 1
  elseif status >= 300 then s3xx = s3xx + 1
  else s2xx = s2xx + 1 end
end
threads = {}
setup = function(thread) table.insert(threads, thread) end
done = function(summary, latency, requests)
  local t = {s2xx = 0, s3xx = 0, s4xx = 0, s5xx = 0}
  for _, th in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + th:get(k) end
  end
  io.write(string.format("statuses 2xx: %d 3xx: %d 4xx: %d 5xx: %d\n", t.s2xx, t.s3xx, t.s4xx, t.s5xx))
end
`

var (
	wrkRPS      = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	wrkP99      = regexp.MustCompile(`\n\s+99%\s+(\S+)`)
	wrkNon2xx   = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
	wrkRequests = regexp.MustCompile(`(\d+) requests in`)
)

func parseWrk(t *testing.T, out string) (rps float64, p99 string, non2xx, requests int) {
	t.Helper()
	m := wrkRPS.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no Requests/sec in the wrk output")
	}
	rps, _ = strconv.ParseFloat(m[1], 64)
	if m := wrkP99.FindStringSubmatch(out); m != nil {
		p99 = m[1]
	}
	if m := wrkNon2xx.FindStringSubmatch(out); m != nil {
		non2xx, _ = strconv.Atoi(m[1])
	}
	if m := wrkRequests.FindStringSubmatch(out); m != nil {
		requests, _ = strconv.Atoi(m[1])
	}
	return rps, p99, non2xx, requests
}

func first(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func freeLoopbackAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func waitHealthy(t *testing.T, base string) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("the server did not become healthy on %s", base)
}

// vmRSS is the resident set of pid in KiB (0 if unknown).
func vmRSS(pid int) int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb
		}
	}
	return 0
}

// samplePersonIDs reads some person ids from the warehouse's microdata (read-only).
func samplePersonIDs(t *testing.T, db string) []string {
	t.Helper()
	conn, err := sql.Open("duckdb", db+"?access_mode=READ_ONLY")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.Query("SELECT DISTINCT person_id FROM raw_microdata WHERE length(person_id) >= 6 ORDER BY person_id LIMIT 50")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		t.Fatal("the demo warehouse has no microdata to check the privacy against")
	}
	return ids
}

// checkPrivacy: the current snapshot has no microdata table and no person_id column, and
// nothing a viewer can fetch names person_id or shows a person's id.
func checkPrivacy(t *testing.T, base, db string, personIDs []string) {
	t.Helper()
	cur, err := os.ReadFile(filepath.Join(filepath.Dir(db), "published", "CURRENT"))
	if err != nil {
		t.Fatal(err)
	}
	snap := filepath.Join(filepath.Dir(db), "published", strings.TrimSpace(string(cur)))
	conn, err := sql.Open("duckdb", snap+"?access_mode=READ_ONLY")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var tables, personCols int
	if err := conn.QueryRow("SELECT count(*) FROM information_schema.tables WHERE table_name ILIKE '%microdata%'").Scan(&tables); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow("SELECT count(*) FROM information_schema.columns WHERE column_name ILIKE '%person%'").Scan(&personCols); err != nil {
		t.Fatal(err)
	}
	if tables != 0 || personCols != 0 {
		t.Errorf("snapshot %s: %d microdata tables, %d person columns", snap, tables, personCols)
	}
	paths := []string{"/api/indicators", "/api/indicators?format=csv", "/api/indices", "/metrics",
		"/", "/wilayah", "/indikator", "/program", "/evaluasi", "/data", "/laporan"}
	for _, id := range downloadTables {
		paths = append(paths, "/download/"+id+".csv")
	}
	for _, p := range paths {
		req, _ := http.NewRequest(http.MethodGet, base+p, nil)
		req.Header.Set("Authorization", "Bearer "+viewerToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("%s: %d", p, resp.StatusCode)
			continue
		}
		if strings.Contains(string(body), "person_id") {
			t.Errorf("%s names person_id", p)
		}
		for _, id := range personIDs {
			if _, err := strconv.Atoi(id); err == nil {
				continue // a numeric id cannot be told from a count; the schema check covers it
			}
			if strings.Contains(string(body), id) {
				t.Errorf("%s shows person id %q", p, id)
				break
			}
		}
	}
	// A viewer cannot run SQL at all.
	req, _ := http.NewRequest(http.MethodPost, base+"/api/query", strings.NewReader(`{"sql":"SELECT 1"}`))
	req.Header.Set("Authorization", "Bearer "+viewerToken)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 403 {
		t.Errorf("viewer /api/query: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
}
