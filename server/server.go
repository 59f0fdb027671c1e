package server

import (
	"context"
	"errors"
	"fmt"
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
	Logger  *slog.Logger     // nil: discard
	Now     func() time.Time // nil: time.Now
}

// Server serves one snapshot.Store.
type Server struct {
	store   *snapshot.Store
	opts    Options
	tokens  *tokenTable
	log     *slog.Logger
	now     func() time.Time
	metrics *metrics.Cache
	cache   *responseCache // answers of pages and read APIs for the current snapshot
	handler http.Handler

	refreshing sync.Mutex // one POST /api/refresh at a time
}

// New checks opts and builds the server. Without tokens it refuses a non-loopback address.
func New(store *snapshot.Store, opts Options) (*Server, error) {
	if opts.Addr == "" {
		opts.Addr = DefaultAddr
	}
	if opts.MaxAge <= 0 {
		opts.MaxAge = DefaultMaxAge
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
		store:   store,
		opts:    opts,
		tokens:  newTokenTable(opts.Tokens),
		cache:   newResponseCache(8<<20, 256<<20),
		log:     opts.Logger,
		now:     opts.Now,
		metrics: metrics.NewCache(metrics.Options{History: opts.MetricsHistory}, opts.Logger, opts.Now),
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
	store.OnSwitch(func(r *snapshot.Reader) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		s.metrics.Rebuild(ctx, r.DB, r.ID)
	})
	// A snapshot opened before New: build its metrics now.
	if r, release, err := store.Acquire(); err == nil {
		s.metrics.Rebuild(context.Background(), r.DB, r.ID)
		release()
	}
	s.handler = s.routes()
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
	mux.Handle("GET /api/indices", s.require(RoleViewer, s.cached(http.HandlerFunc(s.handleIndices))))
	mux.Handle("GET /api/indicators", s.require(RoleViewer, s.cached(http.HandlerFunc(s.handleIndicators))))
	mux.Handle("POST /api/query", s.require(RoleAnalyst, http.HandlerFunc(s.handleQuery)))
	mux.Handle("POST /api/refresh", s.require(RoleAdmin, http.HandlerFunc(s.handleRefresh)))
	mux.Handle("/api/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such API: "+r.Method+" "+r.URL.Path)
	}))
	pages := web.NewHandler(s.store, web.Options{Logger: s.log, Now: s.now})
	mux.Handle("/", s.require(RoleViewer, s.cached(pages)))

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
	pollCtx, stopPoll := context.WithCancel(ctx)
	defer stopPoll()
	go s.poll(pollCtx)
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
