package server

import (
	"context"
	"strings"
	"testing"
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
	if n := len(f.srv.cache.entries); n == 0 {
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
