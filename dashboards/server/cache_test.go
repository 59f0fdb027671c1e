package server

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/setara-pug/setara/pipeline/snapshot"
)

// TestCachedAnswersFollowTheSnapshot: a repeated GET is answered from the cache, and the first
// request after a switch sees the new snapshot's data, never the old cached answer.
func TestCachedAnswersFollowTheSnapshot(t *testing.T) {
	f := newFixture(t, Options{}, true)
	get := call{method: "GET", path: "/api/indices?index=ikg"}
	first := f.do(t, get)
	if first.Code != 200 || !strings.Contains(first.Body.String(), "0.125") {
		t.Fatalf("first answer: %d %s", first.Code, first.Body)
	}
	// the answer was kept, and the repeat is served from it, identical to the first
	if f.srv.cache.cached("run-000001", "/api/indices?index=ikg\x000") == nil {
		t.Fatalf("nothing cached after a 200 GET")
	}
	again := f.do(t, get)
	if again.Body.String() != first.Body.String() || again.Header().Get("Content-Type") != first.Header().Get("Content-Type") {
		t.Errorf("cached answer differs:\n%s\n%s", again.Body, first.Body)
	}
	csv := f.do(t, call{method: "GET", path: "/api/indices?index=ikg", header: map[string]string{"Accept": "text/csv"}})
	if !strings.HasPrefix(csv.Header().Get("Content-Type"), "text/csv") {
		t.Errorf("Accept: text/csv answered %q from the cache", csv.Header().Get("Content-Type"))
	}

	f.w.Exec("UPDATE published.gender_index SET value = 0.5 WHERE index_code = 'ikg'")
	f.w.Publish(2)
	if switched, err := f.store.Refresh(context.Background()); !switched || err != nil {
		t.Fatalf("Refresh = %v, %v", switched, err)
	}
	after := f.do(t, get)
	if after.Header().Get("X-Setara-Snapshot") != "run-000002" || !strings.Contains(after.Body.String(), "0.5") || strings.Contains(after.Body.String(), "0.125") {
		t.Errorf("after the switch: %s %s", after.Header().Get("X-Setara-Snapshot"), after.Body)
	}
}

// requestOn is a GET of path holding the snapshot id. The handlers under test read no
// database, so the reader has none.
func requestOn(ctx context.Context, id, path string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, path, nil)
	return r.WithContext(snapshot.WithReader(ctx, &snapshot.Reader{ID: id}))
}

// waitUntil polls cond until it holds; it fails the test only after a minute, so it asserts
// that something happens, not how fast.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting until %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// blockingBuild is a handler whose builds are counted; the first waits for release.
type blockingBuild struct {
	builds  atomic.Int32
	release chan struct{}
	// answer writes the answer of build n (1 = the first one).
	answer func(w http.ResponseWriter, r *http.Request, n int32)
}

func newBlockingBuild(answer func(w http.ResponseWriter, r *http.Request, n int32)) *blockingBuild {
	return &blockingBuild{release: make(chan struct{}), answer: answer}
}

func (b *blockingBuild) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := b.builds.Add(1)
	if n == 1 {
		select {
		case <-b.release:
		case <-r.Context().Done():
		}
	}
	b.answer(w, r, n)
}

func okAnswer(w http.ResponseWriter, r *http.Request, n int32) {
	if r.Context().Err() != nil {
		return // like the handlers: nothing to write to a client that left
	}
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"build":%d}`, n)
}

// startRequests runs n GETs of path on snapshot id concurrently.
func startRequests(ctx context.Context, h http.Handler, id, path string, n int) (wait func() []*httptest.ResponseRecorder) {
	recs := make([]*httptest.ResponseRecorder, n)
	var wg sync.WaitGroup
	for i := range n {
		recs[i] = httptest.NewRecorder()
		wg.Go(func() { h.ServeHTTP(recs[i], requestOn(ctx, id, path)) })
	}
	return func() []*httptest.ResponseRecorder {
		wg.Wait()
		return recs
	}
}

const indicesKey = "/api/indices?\x000" // readKey of GET /api/indices without Accept

// coalesced sends n concurrent GETs of /api/indices on run-1 through c's read cache in front
// of b, waits until all but the leader wait for the leader's build, releases that build and
// returns the cached handler and the answers.
func coalesced(t *testing.T, c *responseCache, b *blockingBuild, n int) (http.Handler, []*httptest.ResponseRecorder) {
	t.Helper()
	h := c.wrap(readKey, b)
	wait := startRequests(context.Background(), h, "run-1", "/api/indices", n)
	waitUntil(t, "all but the leader wait for its build", func() bool { return c.waiting("run-1", indicesKey) == n-1 })
	close(b.release)
	return h, wait()
}

// TestConcurrentMissesBuildOnce: requests for an answer that is being built wait for that
// build; one build answers them all and the next request is a hit.
func TestConcurrentMissesBuildOnce(t *testing.T) {
	c := newResponseCache(1<<20, 8<<20)
	c.open("run-1")
	b := newBlockingBuild(okAnswer)
	const n = 16
	h, recs := coalesced(t, c, b, n)
	for i, rec := range recs {
		if rec.Code != 200 || rec.Body.String() != `{"build":1}` || rec.Header().Get("Content-Type") != "application/json" ||
			rec.Header().Get("Content-Length") != strconv.Itoa(rec.Body.Len()) {
			t.Errorf("request %d: %d %v %q", i, rec.Code, rec.Header(), rec.Body)
		}
	}
	if got := b.builds.Load(); got != 1 {
		t.Errorf("%d concurrent misses ran %d builds, want 1", n, got)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, requestOn(context.Background(), "run-1", "/api/indices"))
	if b.builds.Load() != 1 || rec.Body.String() != `{"build":1}` {
		t.Errorf("the next request built again (%d builds) or got %q", b.builds.Load(), rec.Body)
	}
}

// TestFailedBuildIsNotShared: when the build the others wait for fails, each waiter builds
// its own answer; the error reaches only the request that built it and nothing is kept.
func TestFailedBuildIsNotShared(t *testing.T) {
	c := newResponseCache(1<<20, 8<<20)
	c.open("run-1")
	b := newBlockingBuild(func(w http.ResponseWriter, r *http.Request, n int32) {
		if n == 1 {
			writeError(w, http.StatusInternalServerError, "the first build fails")
			return
		}
		okAnswer(w, r, n)
	})
	const n = 8
	h, recs := coalesced(t, c, b, n)
	failed := 0
	for _, rec := range recs {
		switch {
		case rec.Code == 500:
			failed++
		case rec.Code != 200 || !strings.HasPrefix(rec.Body.String(), `{"build":`):
			t.Errorf("waiter answered %d %q", rec.Code, rec.Body)
		}
	}
	if failed != 1 || b.builds.Load() != n {
		t.Errorf("%d answers failed and %d builds ran; want the failure once and %d builds", failed, b.builds.Load(), n)
	}
	if c.cached("run-1", indicesKey) != nil {
		t.Errorf("an answer was kept from a failed build or a waiter's own build")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, requestOn(context.Background(), "run-1", "/api/indices"))
	if rec.Code != 200 || c.cached("run-1", indicesKey) == nil {
		t.Errorf("the request after the failure: %d %q, cached %v", rec.Code, rec.Body, c.cached("run-1", indicesKey) != nil)
	}
}

// TestLeaderLeavingDoesNotFailWaiters: the client of the leading request leaves mid-build;
// its handler writes nothing, which is neither shared nor kept as an empty 200: the
// waiters build their own answers.
func TestLeaderLeavingDoesNotFailWaiters(t *testing.T) {
	c := newResponseCache(1<<20, 8<<20)
	c.open("run-1")
	b := newBlockingBuild(okAnswer)
	h := c.wrap(readKey, b)
	leaderCtx, leave := context.WithCancel(context.Background())
	waitLeader := startRequests(leaderCtx, h, "run-1", "/api/indices", 1)
	waitUntil(t, "the leader builds", func() bool { return b.builds.Load() == 1 })
	const n = 4
	wait := startRequests(context.Background(), h, "run-1", "/api/indices", n)
	waitUntil(t, "the others wait for the leader", func() bool { return c.waiting("run-1", indicesKey) == n })
	leave()
	waitLeader()
	for i, rec := range wait() {
		if rec.Code != 200 || rec.Body.Len() == 0 {
			t.Errorf("waiter %d: %d %q", i, rec.Code, rec.Body)
		}
	}
	if c.cached("run-1", indicesKey) != nil {
		t.Errorf("an answer was kept from the abandoned build or a waiter's own build")
	}
}

// TestSwitchKeepsSnapshotsApart: answers and builds are per snapshot. A request never gets an
// answer, cached or being built, of another snapshot than the one it holds; opening a third
// generation drops the oldest.
func TestSwitchKeepsSnapshotsApart(t *testing.T) {
	c := newResponseCache(1<<20, 8<<20)
	var builds atomic.Int32
	h := c.wrap(readKey, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		builds.Add(1)
		fmt.Fprintf(w, "answer of %s", snapshot.ReaderFrom(r.Context()).ID)
	}))
	get := func(id string) string {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, requestOn(context.Background(), id, "/api/indices"))
		return rec.Body.String()
	}
	c.open("run-1")
	get("run-1")
	c.open("run-2") // warming run-2 while requests still hold run-1
	if got := get("run-2"); got != "answer of run-2" {
		t.Errorf("run-2 got %q", got)
	}
	if got := get("run-1"); got != "answer of run-1" || builds.Load() != 2 {
		t.Errorf("run-1 got %q after %d builds; want its kept answer", got, builds.Load())
	}

	// A build of run-2 in flight is not joined by a request of run-3.
	c2 := newResponseCache(1<<20, 8<<20)
	c2.open("run-2")
	b := newBlockingBuild(func(w http.ResponseWriter, r *http.Request, n int32) {
		fmt.Fprintf(w, "answer of %s", snapshot.ReaderFrom(r.Context()).ID)
	})
	h2 := c2.wrap(readKey, b)
	wait2 := startRequests(context.Background(), h2, "run-2", "/api/indices", 1)
	waitUntil(t, "run-2 builds", func() bool { return b.builds.Load() == 1 })
	c2.open("run-3")
	rec := httptest.NewRecorder()
	h2.ServeHTTP(rec, requestOn(context.Background(), "run-3", "/api/indices"))
	if rec.Body.String() != "answer of run-3" {
		t.Errorf("run-3 got %q while run-2 was building", rec.Body)
	}
	close(b.release)
	if got := wait2()[0].Body.String(); got != "answer of run-2" {
		t.Errorf("run-2 got %q", got)
	}

	// Two switches later run-1 is gone: its requests are answered without the cache.
	c.open("run-3")
	before := builds.Load()
	if got := get("run-1"); got != "answer of run-1" || builds.Load() != before+1 || c.cached("run-1", indicesKey) != nil {
		t.Errorf("run-1 after two switches: %q, %d builds, cached %v", got, builds.Load()-before, c.cached("run-1", indicesKey) != nil)
	}
	if c.cached("run-2", indicesKey) == nil {
		t.Errorf("run-2, the snapshot before the newest, was dropped")
	}
}

// TestTooLargeAnswersAreNotCoalescedAgain: an answer beyond maxEntry is passed through whole;
// its waiters build their own, and later requests do not wait for each other.
func TestTooLargeAnswersAreNotCoalescedAgain(t *testing.T) {
	c := newResponseCache(10, 1<<20)
	c.open("run-1")
	big := strings.Repeat("x", 100)
	b := newBlockingBuild(func(w http.ResponseWriter, r *http.Request, n int32) {
		for range 10 {
			w.Write([]byte(big[:10]))
		}
	})
	const n = 4
	h, recs := coalesced(t, c, b, n)
	for i, rec := range recs {
		if rec.Code != 200 || rec.Body.String() != big {
			t.Errorf("request %d: %d %d bytes", i, rec.Code, rec.Body.Len())
		}
	}
	leads := c.builds.Load()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, requestOn(context.Background(), "run-1", "/api/indices"))
	if rec.Body.String() != big || c.builds.Load() != leads || c.cached("run-1", indicesKey) != nil {
		t.Errorf("after a too large answer: %d bytes, %d more leading builds, cached %v", rec.Body.Len(), c.builds.Load()-leads, c.cached("run-1", indicesKey) != nil)
	}
}

// TestSwitchWarmsTheNewSnapshot: the hot answers of a new snapshot are built during the
// switch, so the first requests after it are hits of the new snapshot.
func TestSwitchWarmsTheNewSnapshot(t *testing.T) {
	f := newHardFixture(t)
	if err := republish(f.published, 2); err != nil {
		t.Fatal(err)
	}
	store := f.srv.store
	if switched, err := store.Refresh(context.Background()); !switched || err != nil {
		t.Fatalf("Refresh = %v, %v", switched, err)
	}
	leads := f.srv.cache.builds.Load()
	for _, path := range []string{"/", "/?lang=en", "/api/indices"} {
		key, _ := pageKey(httptest.NewRequest("GET", path, nil))
		if strings.HasPrefix(path, "/api/") {
			key = indicesKey
		}
		if f.srv.cache.cached("run-000002", key) == nil {
			t.Errorf("%s of run-000002 was not built during the switch", path)
		}
		rec := f.do(t, call{path: path, token: viewerToken}, "")
		if rec.Code != 200 || rec.Header().Get("X-Setara-Snapshot") != "run-000002" {
			t.Errorf("%s after the switch: %d %s", path, rec.Code, rec.Header().Get("X-Setara-Snapshot"))
		}
	}
	if got := f.srv.cache.builds.Load(); got != leads {
		t.Errorf("the first requests after the switch built %d answers, want hits", got-leads)
	}
	if strings.Contains(f.logs.String(), "warm-up failed") {
		t.Errorf("warm-up failed:\n%s", f.logs)
	}
}

// TestServeWarmsTheSnapshotOpenedBeforeNew: a server whose store had a snapshot before New
// builds the hot answers of it when it starts serving.
func TestServeWarmsTheSnapshotOpenedBeforeNew(t *testing.T) {
	f := newHardFixture(t)
	if f.srv.cache.cached("run-000001", indicesKey) != nil {
		t.Fatal("cached before serving; the test proves nothing")
	}
	ln, err := netListen(t)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.srv.Serve(ctx, ln) }()
	waitUntil(t, "the snapshot is warmed", func() bool {
		return f.srv.cache.cached("run-000001", indicesKey) != nil && f.srv.cache.cached("run-000001", "/?") != nil &&
			f.srv.cache.cached("run-000001", "/?lang=en") != nil
	})
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Serve: %v", err)
	}
}

// republish makes a copy of the first snapshot in dir the current one, as run runID.
func republish(dir string, runID int64) error {
	data, err := os.ReadFile(filepath.Join(dir, snapshot.Name(1)))
	if err != nil {
		return err
	}
	name := snapshot.Name(runID)
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "CURRENT"), []byte(name+"\n"), 0o644)
}

// waiting is how many requests wait for the build of key in snap's generation; for tests.
func (c *responseCache) waiting(snap, key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if g := c.find(snap); g != nil && g.building[key] != nil {
		return g.building[key].waiters
	}
	return 0
}

// cached returns the cached answer of key in snap's generation, or nil; for tests.
func (c *responseCache) cached(snap, key string) *cachedResponse {
	c.mu.Lock()
	defer c.mu.Unlock()
	if g := c.find(snap); g != nil {
		return g.entries[key]
	}
	return nil
}
