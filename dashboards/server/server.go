package server

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/setara-pug/setara/dashboards/metrics"
	"github.com/setara-pug/setara/dashboards/web"
	"github.com/setara-pug/setara/pipeline/snapshot"
)

// Defaults of Options.
const (
	DefaultAddr         = "127.0.0.1:8080"
	DefaultMaxAge       = 36 * time.Hour
	DefaultPollInterval = 2 * time.Second
)

// warmTimeout bounds the warm-up of a new snapshot, which delays its switch. An answer not
// built in time is built by the first request asking for it instead.
const warmTimeout = 10 * time.Second

// Options configure a Server. Zero values mean the defaults.
type Options struct {
	Addr           string        // default 127.0.0.1:8080
	Tokens         []Token       // bearer tokens; with none, loopback only and every caller is an analyst
	TokensFile     string        // read into Tokens by New when set
	QueryTimeout   time.Duration // /api/query and read APIs; default analyst.DefaultTimeout
	MaxRows        int           // default analyst.DefaultMaxRows
	MaxAge         time.Duration // /healthz answers 503 "stale" beyond it; default 36h
	MetricsHistory bool          // all years of indicator series in /metrics
	PollInterval   time.Duration // how often to look for a new snapshot; default 2s
	// Registry holds process and refresh metrics appended to /metrics on every scrape.
	Registry *prometheus.Registry
	// Refresh runs a refresh for POST /api/refresh; nil answers 501.
	Refresh func(ctx context.Context) error
	// Retract takes batches back for POST /data/retract (the Data page's admin form), recording
	// who and why; nil answers 501.
	Retract func(ctx context.Context, ids []int64, who, reason string) error
	// Decide approves (or rejects) the candidate run for POST /data/decide (the approval
	// page's admin form), recording who and why; nil answers 501.
	Decide func(ctx context.Context, run int64, approve bool, who, reason string) error
	// Upload checks a file sent to POST /api/upload as setara validate would and, when it has no
	// problem, stores it in the inbox, recording the upload; nil answers 501.
	Upload func(ctx context.Context, u Upload) (UploadResult, error)
	// MaxUpload is the largest upload in bytes; default DefaultMaxUpload.
	MaxUpload int64
	// UploadRate is how many uploads one account may make in 10 minutes; default DefaultUploadRate.
	UploadRate int
	Logger     *slog.Logger     // nil: discard
	Now        func() time.Time // nil: time.Now
}

// Server serves one snapshot.Store.
type Server struct {
	store   *snapshot.Store
	opts    Options
	tokens  *tokenTable
	log     *slog.Logger
	now     func() time.Time
	metrics *metrics.Cache
	cache   *responseCache // answers of pages and read APIs for the current and next snapshot
	warmups []warmup       // answers built for each snapshot before requests ask for them
	handler http.Handler

	refreshing sync.Mutex // one POST /api/refresh at a time
	uploads    uploadLimiter

	gzipWriters sync.Pool // *gzip.Writer at BestSpeed, for the registry part of /metrics
}

// New checks opts and builds the server. Without tokens it refuses a non-loopback address.
func New(store *snapshot.Store, opts Options) (*Server, error) {
	if opts.Addr == "" {
		opts.Addr = DefaultAddr
	}
	if opts.MaxAge <= 0 {
		opts.MaxAge = DefaultMaxAge
	}
	if opts.MaxUpload <= 0 {
		opts.MaxUpload = DefaultMaxUpload
	}
	if opts.UploadRate <= 0 {
		opts.UploadRate = DefaultUploadRate
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = DefaultPollInterval
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.TokensFile != "" {
		tokens, err := ReadTokensFile(opts.TokensFile)
		if err != nil {
			return nil, err
		}
		opts.Tokens = append(opts.Tokens, tokens...)
	}
	s := &Server{
		store:  store,
		opts:   opts,
		tokens: newTokenTable(opts.Tokens),
		// Entries up to 16 MiB, so the national /api/indicators answer (over 8 MiB) is cached
		// too (BENCHMARKS.md has the build time it saves).
		cache:   newResponseCache(16<<20, 128<<20), // two generations: 256 MiB at most
		log:     opts.Logger,
		now:     opts.Now,
		metrics: metrics.NewCache(metrics.Options{History: opts.MetricsHistory, Logger: opts.Logger, Now: opts.Now}),
	}
	if s.tokens.empty() {
		loop, err := isLoopback(opts.Addr)
		if err != nil {
			return nil, err
		}
		if !loop {
			return nil, fmt.Errorf("serve: refusing to listen on %s without tokens: use a loopback address (127.0.0.1) or give --tokens / SETARA_TOKENS", opts.Addr)
		}
	}
	s.gzipWriters.New = func() any {
		zw, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed) // a valid level: no error
		return zw
	}
	s.handler = s.routes()
	store.OnSwitch(func(r *snapshot.Reader) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		s.metrics.Rebuild(ctx, r.DB, r.ID)
		// Build the hot answers of the new snapshot before it becomes current, while requests
		// are still answered from the old one's cache: the first requests after the switch
		// are then hits instead of all waiting for the same builds.
		s.cache.open(r.ID)
		warmCtx, cancelWarm := context.WithTimeout(context.Background(), warmTimeout)
		defer cancelWarm()
		s.warm(warmCtx, r)
	})
	// A snapshot opened before New: build its metrics now; Serve warms its cache.
	if r, release, err := store.Acquire(); err == nil {
		s.metrics.Rebuild(context.Background(), r.DB, r.ID)
		s.cache.open(r.ID)
		release()
	}
	return s, nil
}

func isLoopback(addr string) (bool, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false, fmt.Errorf("serve: address %q: %w", addr, err)
	}
	if host == "localhost" {
		return true, nil
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback(), nil
}

// Addr is the configured listen address.
func (s *Server) Addr() string { return s.opts.Addr }

// Handler is the whole HTTP handler (routes, auth, security headers, snapshot holding).
func (s *Server) Handler() http.Handler { return s.handler }

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.Handle("GET /metrics", s.require(RoleViewer, http.HandlerFunc(s.handleMetrics)))
	indices := s.cache.wrap(readKey, http.HandlerFunc(s.handleIndices))
	mux.Handle("GET /api/indices", s.require(RoleViewer, indices))
	mux.Handle("GET /api/indicators", s.require(RoleViewer, s.cache.wrap(readKey, http.HandlerFunc(s.handleIndicators))))
	mux.Handle("POST /api/query", s.require(RoleAnalyst, http.HandlerFunc(s.handleQuery)))
	mux.Handle("POST /api/refresh", s.require(RoleAdmin, http.HandlerFunc(s.handleRefresh)))
	mux.HandleFunc("POST /data/retract", s.handleRetract)
	mux.Handle("GET /data/approval", s.require(RoleAdmin, http.HandlerFunc(s.handleApproval)))
	mux.HandleFunc("POST /data/decide", s.handleDecide)
	mux.HandleFunc("POST /api/upload", s.handleUpload)

	mux.Handle("/api/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such API: "+r.Method+" "+r.URL.Path)
	}))
	pages := s.cache.wrap(pageKey, withAccount(web.NewHandler(s.store, web.Options{Logger: s.log, Now: s.now, MaxUpload: s.opts.MaxUpload})))
	mux.Handle("/", s.require(RoleViewer, pages))
	mux.Handle("GET /api/derivation", s.require(RoleViewer, pages))
	s.warmups = []warmup{{"/", pages}, {"/?lang=en", pages}, {"/api/indices", indices}}

	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusForbidden, "cross-origin request refused")
	}))
	return securityHeaders(s.tokenLogin(s.holdSnapshot(csrf.Handler(mux))))
}

// Serve serves on ln until ctx is cancelled, polling for new snapshots meanwhile, then shuts
// down gracefully (requests in flight get up to 10 s).
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	bgCtx, stopBackground := context.WithCancel(ctx)
	var warming sync.WaitGroup
	defer func() {
		stopBackground()
		warming.Wait()
	}()
	go s.poll(bgCtx)
	// Warm the snapshot opened before New (a switch warms the later ones). Requests arriving
	// meanwhile wait for its builds instead of building the same answers.
	warming.Go(func() { s.warmCurrent(bgCtx) })
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// ListenAndServe listens on Options.Addr and serves until ctx is cancelled.
func (s *Server) ListenAndServe(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.opts.Addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	return s.Serve(ctx, ln)
}

// poll follows the published directory. Errors are logged once until they change.
func (s *Server) poll(ctx context.Context) {
	t := time.NewTicker(s.opts.PollInterval)
	defer t.Stop()
	var last string
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		_, err := s.store.Refresh(ctx)
		msg := ""
		if err != nil && !snapshot.IsNoSnapshot(err) && ctx.Err() == nil {
			msg = err.Error()
		}
		if msg != "" && msg != last {
			s.log.Error("snapshot refresh failed", "err", err)
		}
		last = msg
	}
}

// warmup is one answer built ahead of requests: its URL and the cached handler of its route.
type warmup struct {
	path    string
	handler http.Handler
}

// warm builds the hot answers of snapshot r into the cache: the landing page in both
// languages and the whole /api/indices, which the dashboard, the benchmarks and most
// scripts ask for first. Failures are logged; the first request then builds the answer.
func (s *Server) warm(ctx context.Context, r *snapshot.Reader) {
	start := s.now()
	ctx = snapshot.WithReader(ctx, r)
	for _, wu := range s.warmups {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, wu.path, nil)
		if err != nil {
			s.log.Error("cache warm-up", "path", wu.path, "err", err)
			continue
		}
		w := &discardWriter{header: http.Header{}}
		wu.handler.ServeHTTP(w, req)
		if w.status != http.StatusOK {
			s.log.Warn("cache warm-up failed", "path", wu.path, "snapshot", r.ID, "status", w.status, "err", ctx.Err())
		}
	}
	s.log.Info("cache warmed", "snapshot", r.ID, "duration", s.now().Sub(start))
}

// warmCurrent warms the current snapshot, holding it meanwhile.
func (s *Server) warmCurrent(ctx context.Context) {
	r, release, err := s.store.Acquire()
	if err != nil {
		return // nothing published yet; the first switch warms
	}
	defer release()
	ctx, cancel := context.WithTimeout(ctx, warmTimeout)
	defer cancel()
	s.warm(ctx, r)
}

// discardWriter takes a warm-up answer nobody reads, keeping its status.
type discardWriter struct {
	header http.Header
	status int
}

func (w *discardWriter) Header() http.Header { return w.header }

func (w *discardWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}

func (w *discardWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return len(p), nil
}
