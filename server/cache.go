package server

import (
	"bytes"
	"net/http"
	"sync"

	"github.com/setara-pug/setara/pipeline/snapshot"
)

// A snapshot never changes, so an answer built from it stays right for as long as it is
// current. responseCache keeps the successful GET answers of pages and read APIs per snapshot
// (keyed by the URL and the Accept header) and forgets them all when the snapshot switches.
// It is bounded in bytes; once full it stops adding until the next switch.
type responseCache struct {
	maxEntry, maxTotal int

	mu       sync.Mutex
	snapshot string
	total    int
	entries  map[string]*cachedResponse
}

type cachedResponse struct {
	header http.Header
	body   []byte
}

func newResponseCache(maxEntry, maxTotal int) *responseCache {
	return &responseCache{maxEntry: maxEntry, maxTotal: maxTotal, entries: map[string]*cachedResponse{}}
}

// cacheHeaders are the answer headers replayed from the cache; the middleware sets the rest
// (security headers, X-Setara-Snapshot) on every answer anyway.
var cacheHeaders = []string{"Content-Type", "Content-Disposition", "Cache-Control", "X-Setara-Truncated"}

func (c *responseCache) get(snap, key string) *cachedResponse {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snapshot != snap {
		return nil
	}
	return c.entries[key]
}

func (c *responseCache) put(snap, key string, r *cachedResponse) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snapshot != snap {
		c.snapshot, c.total, c.entries = snap, 0, map[string]*cachedResponse{}
	}
	if len(r.body) > c.maxEntry || c.total+len(r.body) > c.maxTotal {
		return
	}
	if _, ok := c.entries[key]; !ok {
		c.entries[key] = r
		c.total += len(r.body)
	}
}

// cached answers GET requests from the cache of the request's snapshot, or runs next and keeps
// its answer when it is a 200.
func (s *Server) cached(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reader := snapshot.ReaderFrom(r.Context())
		if reader == nil || r.Method != http.MethodGet {
			next.ServeHTTP(w, r)
			return
		}
		key := r.URL.Path + "?" + r.URL.RawQuery + "\x00" + r.Header.Get("Accept")
		if hit := s.cache.get(reader.ID, key); hit != nil {
			for _, h := range cacheHeaders {
				if v := hit.header.Get(h); v != "" {
					w.Header().Set(h, v)
				}
			}
			w.WriteHeader(http.StatusOK)
			w.Write(hit.body)
			return
		}
		rec := &recorder{ResponseWriter: w, status: http.StatusOK, limit: s.cache.maxEntry}
		next.ServeHTTP(rec, r)
		if rec.status == http.StatusOK && !rec.overflow {
			h := http.Header{}
			for _, name := range cacheHeaders {
				if v := w.Header().Get(name); v != "" {
					h.Set(name, v)
				}
			}
			s.cache.put(reader.ID, key, &cachedResponse{header: h, body: rec.buf.Bytes()})
		}
	})
}

// recorder passes an answer through while keeping a copy of it, up to limit bytes.
type recorder struct {
	http.ResponseWriter
	status   int
	buf      bytes.Buffer
	limit    int
	overflow bool
}

func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(p []byte) (int, error) {
	if !r.overflow {
		if r.buf.Len()+len(p) > r.limit {
			r.overflow = true
			r.buf = bytes.Buffer{}
		} else {
			r.buf.Write(p)
		}
	}
	return r.ResponseWriter.Write(p)
}
