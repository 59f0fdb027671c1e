package server

import (
	"compress/gzip"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/prometheus/common/expfmt"

	"github.com/setara-pug/setara/pipeline/snapshot"
)

type health struct {
	Snapshot   *string  `json:"snapshot"`
	AgeSeconds *float64 `json:"age_seconds"`
	Status     string   `json:"status"`
	Error      string   `json:"error,omitempty"`
}

// handleHealth answers 200 {"status":"ok"} while the snapshot is younger than MaxAge, 503
// "stale" beyond it and 503 "no snapshot" before the first publish.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	reader := snapshot.ReaderFrom(r.Context())
	if reader == nil {
		writeJSON(w, http.StatusServiceUnavailable, health{Status: "no snapshot", Error: "nothing published yet"})
		return
	}
	published, err := s.publishedAt(r.Context(), reader.DB, reader.Path)
	if err != nil {
		id := reader.ID
		writeJSON(w, http.StatusServiceUnavailable, health{Snapshot: &id, Status: "error", Error: err.Error()})
		return
	}
	age := s.now().Sub(published).Seconds()
	h := health{Snapshot: &reader.ID, AgeSeconds: &age, Status: "ok"}
	status := http.StatusOK
	if age > s.opts.MaxAge.Seconds() {
		h.Status = "stale"
		status = http.StatusServiceUnavailable
	}
	writeJSON(w, status, h)
}

// publishedAt reads snapshot_info.published_at, else the snapshot file's time.
func (s *Server) publishedAt(ctx context.Context, db *sql.DB, path string) (time.Time, error) {
	var t time.Time
	query, err := sqlFiles.ReadFile("sql/published_at.sql")
	if err == nil {
		err = db.QueryRowContext(ctx, string(query)).Scan(&t)
	}
	if err == nil {
		return t, nil
	}
	st, statErr := os.Stat(path)
	if statErr != nil {
		return time.Time{}, fmt.Errorf("snapshot age: %w", errors.Join(err, statErr))
	}
	return st.ModTime(), nil
}

// handleMetrics writes the cached snapshot exposition, then the registry's metrics.
func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", string(expfmt.NewFormat(expfmt.TypeTextPlain)))
	w.Header().Add("Vary", "Accept-Encoding")
	if !acceptsGzip(r) {
		w.Write(s.metrics.Bytes())
		s.writeRegistry(w)
		return
	}
	// The snapshot's part was compressed once when the snapshot was opened; the registry's
	// few families follow as a second gzip member (a gzip stream may hold several, and
	// readers decode them as one text).
	w.Header().Set("Content-Encoding", "gzip")
	w.Write(s.metrics.Gzip())
	if s.opts.Registry == nil {
		return
	}
	zw := s.gzipWriters.Get().(*gzip.Writer) // a new compressor costs more than the compression
	zw.Reset(w)
	s.writeRegistry(zw)
	zw.Close()
	s.gzipWriters.Put(zw)
}

// writeRegistry writes the process and refresh metrics of Options.Registry.
func (s *Server) writeRegistry(w io.Writer) {
	if s.opts.Registry == nil {
		return
	}
	mfs, err := s.opts.Registry.Gather()
	if err != nil {
		s.log.Error("gathering registry metrics", "err", err)
	}
	for _, mf := range mfs {
		if _, err := expfmt.MetricFamilyToText(w, mf); err != nil {
			return
		}
	}
}

// handleRefresh runs Options.Refresh and switches to what it published.
func (s *Server) handleRefresh(w http.ResponseWriter, r *http.Request) {
	if s.opts.Refresh == nil {
		writeError(w, http.StatusNotImplemented, "this server has no refresh configured")
		return
	}
	if !s.refreshing.TryLock() {
		writeError(w, http.StatusConflict, "a refresh is already running")
		return
	}
	defer s.refreshing.Unlock()
	// The refresh logs its own outcome (refresh.Refresher); the server says who asked and answers.
	who := callerFrom(r.Context()).name
	s.log.Info("refresh requested", "who", who)
	if err := s.opts.Refresh(r.Context()); err != nil {
		writeError(w, http.StatusInternalServerError, "refresh failed: "+err.Error())
		return
	}
	switched, err := s.store.Refresh(r.Context())
	if err != nil {
		writeError(w, http.StatusInternalServerError, "refresh: "+err.Error())
		return
	}
	id := ""
	if reader, release, err := s.store.Acquire(); err == nil {
		id = reader.ID
		release()
	}
	s.log.Info("refresh", "who", who, "snapshot", id, "switched", switched)
	writeJSON(w, http.StatusOK, map[string]any{"snapshot": id, "switched": switched})
}
