package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/setara-pug/setara/pipeline/snapshot"
)

// A snapshot never changes, so an answer built from it stays right for as long as it is
// served. responseCache keeps the successful GET answers of pages and read APIs per snapshot
// and coalesces concurrent misses: while one request builds an answer, the others asking for
// the same answer of the same snapshot wait for it instead of building it again (without
// that, the 32 connections of a load test all build the 2 MB /api/indices at once after a
// start or a switch, and each build takes 32 times longer).
//
// It holds two generations: the current snapshot's and the next one's, which the server warms
// before the switch (see Server.warm) while requests still read the current one. Opening a
// third drops the oldest. A request holding a snapshot the cache has no generation for (an old
// one, after two switches) is answered without the cache. Each generation is bounded in
// bytes; once full it stops adding.
type responseCache struct {
	maxEntry, maxTotal int // maxTotal bounds one generation; the cache holds at most two

	builds atomic.Int64 // answers built by a request leading a miss; for tests

	mu   sync.Mutex
	gens []*generation // oldest first
}

// generation is the cache of one snapshot.
type generation struct {
	snapshot string
	total    int // bytes of entries and keys of tooBig
	entries  map[string]*cachedResponse
	building map[string]*build // answers being built now, by key
	tooBig   map[string]bool   // keys whose answer was larger than maxEntry: not coalesced again
}

// build is one answer being built. done is closed once res is set; res is nil when the answer
// cannot be shared (not a 200, or too large to keep), and then each waiter builds its own.
type build struct {
	done    chan struct{}
	res     *cachedResponse
	waiters int // requests waiting for it; for tests
}

type cachedResponse struct {
	header http.Header // the cacheHeaders of the answer
	body   []byte
	etag   string // quoted; names the snapshot and the body's digest

	gzipOnce sync.Once
	gz       []byte // body gzip-compressed, made once on the first gzip client's request
}

// newCachedResponse keeps body with the cacheHeaders of h, tagged with snapshot snap.
func newCachedResponse(h http.Header, body []byte, snap string) *cachedResponse {
	res := &cachedResponse{header: http.Header{}, body: body}
	for _, name := range cacheHeaders {
		if v := h.Get(name); v != "" {
			res.header.Set(name, v)
		}
	}
	sum := sha256.Sum256(body)
	res.etag = `"` + snap + "-" + hex.EncodeToString(sum[:8]) + `"`
	return res
}

// gzipped is the body compressed, made once per cached answer.
func (res *cachedResponse) gzipped() []byte {
	res.gzipOnce.Do(func() { res.gz = gzipBytes(res.body, gzip.DefaultCompression) })
	return res.gz
}

func newResponseCache(maxEntry, maxTotal int) *responseCache {
	return &responseCache{maxEntry: maxEntry, maxTotal: maxTotal}
}

// cacheHeaders are the answer headers replayed from the cache; the middleware sets the rest
// (security headers, X-Setara-Snapshot) on every answer anyway.
var cacheHeaders = []string{"Content-Type", "Content-Disposition", "Cache-Control", "X-Setara-Truncated",
	"X-Setara-Snapshot-Published", "X-Setara-Filters", "X-Setara-Rows", "X-Setara-Total-Rows"} // the last four: web downloads

// open makes snap the newest generation, keeping the one before it (requests still hold it
// while snap is being warmed) and dropping older ones. Opening a generation that exists
// keeps it as it is.
func (c *responseCache) open(snap string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.find(snap) != nil {
		return
	}
	gens := append(c.gens, &generation{
		snapshot: snap,
		entries:  map[string]*cachedResponse{},
		building: map[string]*build{},
		tooBig:   map[string]bool{},
	})
	if len(gens) > 2 {
		gens = append([]*generation(nil), gens[len(gens)-2:]...)
	}
	c.gens = gens
}

// find is snap's generation or nil; c.mu must be held.
func (c *responseCache) find(snap string) *generation {
	for _, g := range c.gens {
		if g.snapshot == snap {
			return g
		}
	}
	return nil
}

// claim looks key up in snap's generation. It returns the cached answer, or the build to wait
// for, or a new build the caller leads (lead true) and must finish. All nil: answer without
// the cache (no generation for snap, or the answer is known to be too large).
func (c *responseCache) claim(snap, key string) (hit *cachedResponse, b *build, lead bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	g := c.find(snap)
	if g == nil || g.tooBig[key] {
		return nil, nil, false
	}
	if hit := g.entries[key]; hit != nil {
		return hit, nil, false
	}
	if b := g.building[key]; b != nil {
		b.waiters++
		return nil, b, false
	}
	b = &build{done: make(chan struct{})}
	g.building[key] = b
	return nil, b, true
}

// finish ends build b of key in snap's generation: it keeps res (nil: nothing to share), marks
// the key too big when it was, and wakes the waiters. The generation may be gone by now (two
// switches during the build); the waiters still get res, which is of the snapshot they hold.
func (c *responseCache) finish(snap, key string, b *build, res *cachedResponse, tooBig bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if g := c.find(snap); g != nil {
		if g.building[key] == b {
			delete(g.building, key)
		}
		switch {
		case res != nil && len(res.body) <= c.maxEntry && g.total+len(res.body) <= c.maxTotal:
			g.entries[key] = res
			g.total += len(res.body)
		case tooBig && g.total+len(key) <= c.maxTotal:
			g.tooBig[key] = true
			g.total += len(key)
		}
	}
	b.res = res
	close(b.done)
}

// keyFunc names the answer a request asks for; false: do not cache it.
type keyFunc func(r *http.Request) (string, bool)

// pageKey is the URL: a page is HTML whatever the request's Accept header says.
func pageKey(r *http.Request) (string, bool) {
	if r.URL.Path == "/unggah" { // it names the caller's account and OPDs: never shared
		return "", false
	}
	return r.URL.Path + "?" + r.URL.RawQuery, true
}

// readKey is the URL and the format negotiated from ?format and Accept, so browsers and
// scripts with different Accept headers share the answer. A request negotiate refuses is
// answered (with its error) without the cache.
func readKey(r *http.Request) (string, bool) {
	f, _, err := negotiate(r, false)
	if err != nil {
		return "", false
	}
	return r.URL.Path + "?" + r.URL.RawQuery + "\x00" + strconv.Itoa(int(f)), true
}

// wrap answers GET requests of next from the cache of the snapshot the request holds, waits
// for a build of the same answer already running, or builds it and keeps it when it is a 200.
//
// A build's failure is not shared: its waiters then each build their own answer (one
// request's timeout or error, or its client leaving, does not become everybody's), and
// nothing is kept.
func (c *responseCache) wrap(key keyFunc, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reader := snapshot.ReaderFrom(r.Context())
		if reader == nil || r.Method != http.MethodGet {
			next.ServeHTTP(w, r)
			return
		}
		k, ok := key(r)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		hit, b, lead := c.claim(reader.ID, k)
		switch {
		case hit != nil:
			hit.write(w, r)
		case b == nil:
			next.ServeHTTP(w, r)
		case lead:
			c.lead(w, r, reader.ID, k, b, next)
		default:
			select {
			case <-b.done:
			case <-r.Context().Done():
				return // the client left; nobody to answer
			}
			if b.res != nil {
				b.res.write(w, r)
				return
			}
			next.ServeHTTP(w, r)
		}
	})
}

// lead builds the answer of b into memory, shares it and keeps it, then writes it to w. An
// answer that is not a 200 or grows beyond maxEntry goes straight to w instead, and its
// waiters are released at once to build their own.
func (c *responseCache) lead(w http.ResponseWriter, r *http.Request, snap, key string, b *build, next http.Handler) {
	c.builds.Add(1)
	finished := false
	finish := func(res *cachedResponse, tooBig bool) {
		if !finished {
			finished = true
			c.finish(snap, key, b, res, tooBig)
		}
	}
	defer finish(nil, false) // a panicking handler must not leave its waiters waiting
	rec := &recorder{w: w, status: http.StatusOK, limit: c.maxEntry}
	rec.onPass = func(tooBig bool) { finish(nil, tooBig) }
	next.ServeHTTP(rec, r)
	if rec.passing {
		return
	}
	if !rec.wrote {
		// The handlers write nothing when their context ends (the client left, a deadline
		// passed): an empty answer must not be shared or kept as a 200.
		return
	}
	// An exact copy: the buffer's spare capacity would count against no bound.
	res := newCachedResponse(w.Header(), bytes.Clone(rec.buf.Bytes()), snap)
	// An answer finished after the request's context ended may be cut short: only its own
	// client gets it, as it would without the cache.
	if r.Context().Err() == nil {
		finish(res, false)
	}
	res.write(w, r)
}

// write answers the cached answer to r: 304 when r's If-None-Match names its ETag, else 200
// with the cached headers and the body, gzip-compressed when r accepts gzip. A snapshot never
// changes, so the answer may be kept by the client and revalidated ("no-cache"); "private"
// because it was given to a holder of a token.
func (res *cachedResponse) write(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	for name, v := range res.header {
		h.Set(name, v[0])
	}
	h.Set("Cache-Control", "private, no-cache")
	h.Set("ETag", res.etag)
	h.Add("Vary", "Accept-Encoding")
	if etagMatches(r.Header.Get("If-None-Match"), res.etag) {
		h.Del("Content-Type")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := res.body
	if acceptsGzip(r) {
		body = res.gzipped()
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}

// recorder keeps a 200 answer in memory, up to limit bytes, holding back the status until
// the answer is complete. Any other status, or an answer beyond limit, is passed through to
// w from then on (passing), after calling onPass.
type recorder struct {
	w       http.ResponseWriter
	status  int
	wrote   bool // the handler set the status
	buf     bytes.Buffer
	limit   int
	passing bool
	onPass  func(tooBig bool)
}

func (r *recorder) Header() http.Header { return r.w.Header() }

func (r *recorder) WriteHeader(code int) {
	if r.wrote {
		return
	}
	r.wrote, r.status = true, code
	if code != http.StatusOK {
		r.pass(false)
	}
}

func (r *recorder) Write(p []byte) (int, error) {
	if !r.wrote {
		r.WriteHeader(http.StatusOK)
	}
	if !r.passing && r.buf.Len()+len(p) > r.limit {
		r.pass(true)
	}
	if r.passing {
		return r.w.Write(p)
	}
	return r.buf.Write(p)
}

// pass sends what was kept and lets the rest through.
func (r *recorder) pass(tooBig bool) {
	r.passing = true
	r.onPass(tooBig)
	r.w.WriteHeader(r.status)
	if r.buf.Len() > 0 {
		r.w.Write(r.buf.Bytes())
	}
	r.buf = bytes.Buffer{}
}
