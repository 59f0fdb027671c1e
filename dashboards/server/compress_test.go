package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/setara-pug/setara/pipeline/snapshot"
	"github.com/setara-pug/setara/pipeline/snapshot/snapshottest"
)

// pageFixture serves the dashboard's own fixture (every table the pages read) as run 1.
type pageFixture struct {
	srv   *Server
	store *snapshot.Store
	w     *snapshottest.Scratch
}

func newPageFixture(t *testing.T) *pageFixture {
	t.Helper()
	ctx := context.Background()
	ddl, err := os.ReadFile(filepath.Join("..", "web", "testdata", "fixture.sql"))
	if err != nil {
		t.Fatal(err)
	}
	w, err := snapshottest.OpenScratch(ctx, string(ddl))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	f := &pageFixture{w: w, store: snapshot.NewStore(w.Dir, snapshot.StoreOptions{})}
	t.Cleanup(func() { f.store.Close() })
	f.publish(t, 1)
	if f.srv, err = New(f.store, Options{Tokens: testTokens, Now: func() time.Time { return fixtureNow }}); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *pageFixture) publish(t *testing.T, run int64) {
	t.Helper()
	if _, err := f.w.Publish(context.Background(), run); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func (f *pageFixture) do(t *testing.T, c call) *httptest.ResponseRecorder {
	t.Helper()
	return serveCall(f.srv, c, "")
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestGzipAnswersDecodeToTheSameBytes asks pages and read APIs with and without gzip.
func TestGzipAnswersDecodeToTheSameBytes(t *testing.T) {
	f := newPageFixture(t)
	for _, path := range []string{"/", "/?lang=en", "/api/indices", "/api/indicators?format=csv"} {
		plain := f.do(t, call{path: path, token: viewerToken})
		gz := f.do(t, call{path: path, token: viewerToken, header: map[string]string{"Accept-Encoding": "br, gzip;q=0.8"}})
		if plain.Code != 200 || gz.Code != 200 {
			t.Fatalf("%s: %d %d", path, plain.Code, gz.Code)
		}
		if plain.Header().Get("Content-Encoding") != "" || gz.Header().Get("Content-Encoding") != "gzip" {
			t.Errorf("%s: encodings %q %q", path, plain.Header().Get("Content-Encoding"), gz.Header().Get("Content-Encoding"))
		}
		if got := gunzip(t, gz.Body.Bytes()); !bytes.Equal(got, plain.Body.Bytes()) {
			t.Errorf("%s: gzip answer decodes to %d bytes, plain has %d", path, len(got), plain.Body.Len())
		}
		if gz.Body.Len() >= plain.Body.Len() {
			t.Errorf("%s: gzip %d bytes is not smaller than %d", path, gz.Body.Len(), plain.Body.Len())
		}
		t.Logf("%s: %d bytes, gzip %d", path, plain.Body.Len(), gz.Body.Len())
	}
	refused := f.do(t, call{path: "/", token: viewerToken, header: map[string]string{"Accept-Encoding": "gzip;q=0"}})
	if refused.Header().Get("Content-Encoding") != "" {
		t.Error("gzip sent to a client refusing it with q=0")
	}
}

// TestETagRevalidatesUntilTheSnapshotChanges: a revisit with If-None-Match gets 304 until a
// new snapshot is published, then the new answer with a new ETag.
func TestETagRevalidatesUntilTheSnapshotChanges(t *testing.T) {
	f := newPageFixture(t)
	for _, path := range []string{"/", "/api/indices"} {
		first := f.do(t, call{path: path, token: viewerToken})
		etag := first.Header().Get("ETag")
		if first.Code != 200 || etag == "" || first.Header().Get("Cache-Control") != "private, no-cache" {
			t.Fatalf("%s: %d etag %q cache-control %q", path, first.Code, etag, first.Header().Get("Cache-Control"))
		}
		again := f.do(t, call{path: path, token: viewerToken, header: map[string]string{"If-None-Match": etag}})
		if again.Code != http.StatusNotModified || again.Body.Len() != 0 || again.Header().Get("ETag") != etag {
			t.Errorf("%s revisit: %d, %d bytes, etag %q", path, again.Code, again.Body.Len(), again.Header().Get("ETag"))
		}
		other := f.do(t, call{path: path, token: viewerToken, header: map[string]string{"If-None-Match": `"run-000000-0000000000000000"`}})
		if other.Code != 200 {
			t.Errorf("%s with another ETag: %d", path, other.Code)
		}
		noToken := f.do(t, call{path: path, header: map[string]string{"If-None-Match": etag}})
		if noToken.Code != http.StatusUnauthorized {
			t.Errorf("%s revisit without a token: %d", path, noToken.Code)
		}
	}
	etagOf := func(path string) string { return f.do(t, call{path: path, token: viewerToken}).Header().Get("ETag") }
	if etagOf("/") == etagOf("/?lang=en") {
		t.Error("the Indonesian and English pages share an ETag")
	}
	before := etagOf("/api/indices")
	if _, err := f.w.Conn.ExecContext(context.Background(), "UPDATE published.gender_index SET value = value + 1"); err != nil {
		t.Fatal(err)
	}
	f.publish(t, 2)
	after := f.do(t, call{path: "/api/indices", token: viewerToken, header: map[string]string{"If-None-Match": before}})
	if after.Code != 200 || after.Header().Get("ETag") == before || after.Header().Get("ETag") == "" {
		t.Errorf("after a new snapshot: %d, etag %q (before %q)", after.Code, after.Header().Get("ETag"), before)
	}
}

// TestMetricsGzipDecodesToThePlainText: the snapshot part comes from the cache compressed, the
// registry's part follows; both decode to the plain answer's families.
func TestMetricsGzipDecodesToThePlainText(t *testing.T) {
	f := newFixture(t, Options{Tokens: testTokens}, true)
	plain := f.do(t, call{path: "/metrics", token: viewerToken})
	gz := f.do(t, call{path: "/metrics", token: viewerToken, header: map[string]string{"Accept-Encoding": "gzip"}})
	if gz.Header().Get("Content-Encoding") != "gzip" || !bytes.Equal(gunzip(t, gz.Body.Bytes()), plain.Body.Bytes()) {
		t.Fatalf("/metrics gzip (%q) does not decode to the plain answer", gz.Header().Get("Content-Encoding"))
	}
	if !bytes.Contains(plain.Body.Bytes(), []byte("setara_gender_index{")) {
		t.Fatalf("no snapshot series in /metrics:\n%s", plain.Body)
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewBuildInfoCollector())
	f = newFixture(t, Options{Tokens: testTokens, Registry: reg}, true)
	gz = f.do(t, call{path: "/metrics", token: viewerToken, header: map[string]string{"Accept-Encoding": "gzip"}})
	text := gunzip(t, gz.Body.Bytes())
	if !bytes.Contains(text, []byte("setara_gender_index{")) || !bytes.Contains(text, []byte("go_build_info")) {
		t.Errorf("gzip /metrics with a registry lacks a part:\n%s", text)
	}
}
