package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/setara-pug/setara/dashboards/metrics"
	"github.com/setara-pug/setara/dashboards/server"
	"github.com/setara-pug/setara/pipeline/refresh"
	"github.com/setara-pug/setara/pipeline/snapshot"
	"github.com/setara-pug/setara/pipeline/stages"
)

// ServeInfo is the first JSON line of the serve step: where it listens and what /metrics costs.
type ServeInfo struct {
	Addr        string `json:"addr"`         // server with the default /metrics (latest year)
	HistoryAddr string `json:"history_addr"` // same store, --metrics-history
	StaticAddr  string `json:"static_addr"`  // plain file server of the same /metrics bytes
	// AllCoresAddr is the same store again, its refreshes as they ran before serve left the
	// readers a core and the CPU first: every core, the server's priority (`setara serve
	// --refresh-threads 0 --refresh-nice 0`). Addr's refreshes run with serve's defaults:
	// RefreshThreads threads, RefreshNice added to their nice value.
	AllCoresAddr   string  `json:"all_cores_addr"`
	RefreshThreads int     `json:"refresh_threads"`
	RefreshNice    int     `json:"refresh_nice"`
	RenderLatest   float64 `json:"render_latest_seconds"`
	RenderHistory  float64 `json:"render_history_seconds"`
	BytesLatest    int     `json:"bytes_latest"`
	BytesHistory   int     `json:"bytes_history"`
	SeriesLatest   int     `json:"series_latest"`
	SeriesHistory  int     `json:"series_history"`
}

// refreshStages opens the warehouse, gives DuckDB threads threads (0: its default) and runs
// the stages, as a refresh does.
func refreshStages(ctx context.Context, spec Spec, threads int) error {
	wh, err := openWarehouse(ctx, spec)
	if err != nil {
		return err
	}
	defer wh.Close()
	if threads > 0 {
		if _, err := wh.DB.ExecContext(ctx, "SET threads = ?", threads); err != nil {
			return err
		}
	}
	_, err = stages.Run(ctx, wh, stages.Options{Trigger: "refresh", Now: time.Now})
	return err
}

// Static file names of the serve step's file server.
const (
	staticLatest  = "metrics-latest.txt"
	staticHistory = "metrics-history.txt"
)

// stepServe serves the warehouse's current snapshot the way `setara serve` does (process and
// Go collectors in the registry, POST /api/refresh running the stages), plus a history server
// a server whose refreshes take every core, and a static file server, prints a ServeInfo line
// and serves until stdin closes.
func stepServe(ctx context.Context, spec Spec, stdin io.Reader, stdout io.Writer) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	store := snapshot.NewStore(filepath.Join(filepath.Dir(spec.DB), "published"), snapshot.StoreOptions{})
	defer store.Close()
	if _, err := store.Refresh(ctx); err != nil {
		return fmt.Errorf("bench serve: %w", err)
	}
	var info ServeInfo
	if err := renderTimes(ctx, store, &info); err != nil {
		return err
	}

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// refreshOn runs the stages as a refresh of `setara serve --refresh-threads threads
	// --refresh-nice nice` does (threads 0: DuckDB's default, every core).
	refreshOn := func(threads, nice int) func(context.Context) error {
		return func(ctx context.Context) error {
			var err error
			if nerr := refresh.Niced(nice, func() { err = refreshStages(ctx, spec, threads) }); nerr != nil {
				return fmt.Errorf("refresh at nice %d: %w", nice, nerr)
			}
			return err
		}
	}
	info.RefreshThreads, info.RefreshNice = refresh.ServeThreads(runtime.NumCPU()), refresh.ServeNice
	tokens := []server.Token{{Role: server.RoleAdmin, Value: spec.Token, Name: "bench"}}
	latest, err := server.New(store, server.Options{Addr: "127.0.0.1:0", Tokens: tokens, Registry: reg, Refresh: refreshOn(info.RefreshThreads, info.RefreshNice)})
	if err != nil {
		return err
	}
	allCores, err := server.New(store, server.Options{Addr: "127.0.0.1:0", Tokens: tokens, Registry: reg, Refresh: refreshOn(0, 0)})
	if err != nil {
		return err
	}
	history, err := server.New(store, server.Options{Addr: "127.0.0.1:0", Tokens: tokens, Registry: reg, MetricsHistory: true})
	if err != nil {
		return err
	}

	var wg sync.WaitGroup
	errc := make(chan error, 3)
	serve := func(h func(context.Context, net.Listener) error) (string, error) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return "", err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := h(ctx, ln); err != nil {
				errc <- err
			}
		}()
		return ln.Addr().String(), nil
	}
	if info.Addr, err = serve(latest.Serve); err != nil {
		return err
	}
	if info.HistoryAddr, err = serve(history.Serve); err != nil {
		return err
	}
	if info.AllCoresAddr, err = serve(allCores.Serve); err != nil {
		return err
	}
	// The yardstick: the same bytes from disk through net/http's file server, no middleware.
	if err := os.MkdirAll(spec.Dir, 0o755); err != nil {
		return err
	}
	for _, s := range []struct{ addr, file string }{{info.Addr, staticLatest}, {info.HistoryAddr, staticHistory}} {
		body, err := fetch(ctx, "http://"+s.addr+"/metrics", spec.Token)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(spec.Dir, s.file), body, 0o644); err != nil {
			return err
		}
		if s.file == staticLatest {
			info.BytesLatest, info.SeriesLatest = len(body), countSeries(body)
		} else {
			info.BytesHistory, info.SeriesHistory = len(body), countSeries(body)
		}
	}
	files := http.FileServer(http.Dir(spec.Dir))
	if info.StaticAddr, err = serve(func(ctx context.Context, ln net.Listener) error {
		srv := &http.Server{Handler: files, ReadHeaderTimeout: 10 * time.Second}
		go func() {
			<-ctx.Done()
			srv.Close()
		}()
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	}); err != nil {
		return err
	}
	if err := json.NewEncoder(stdout).Encode(info); err != nil {
		return err
	}
	// Serve until the parent closes stdin.
	if _, err := io.Copy(io.Discard, stdin); err != nil {
		return err
	}
	cancel()
	wg.Wait()
	close(errc)
	var errs []error
	for err := range errc {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("bench serve: %w", err)
	}
	return json.NewEncoder(stdout).Encode(StepResult{})
}

// renderTimes times metrics.Build of the current snapshot, latest year and all years.
func renderTimes(ctx context.Context, store *snapshot.Store, info *ServeInfo) error {
	r, release, err := store.Acquire()
	if err != nil {
		return err
	}
	defer release()
	for _, hist := range []bool{false, true} {
		t0 := time.Now()
		if _, err := metrics.Build(ctx, r.DB, metrics.Options{History: hist}); err != nil {
			return fmt.Errorf("bench serve: metrics: %w", err)
		}
		if hist {
			info.RenderHistory = time.Since(t0).Seconds()
		} else {
			info.RenderLatest = time.Since(t0).Seconds()
		}
	}
	return nil
}

// fetch GETs url with the bearer token and fails on a non-200 answer.
func fetch(ctx context.Context, url, token string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	client := &http.Client{Timeout: 5 * time.Minute}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s: %s", url, resp.Status, bytes.TrimSpace(body))
	}
	return body, nil
}

// countSeries counts the sample lines of an exposition (lines not empty and not comments).
func countSeries(text []byte) int {
	n := 0
	for line := range bytes.Lines(text) {
		line = bytes.TrimSpace(line)
		if len(line) > 0 && line[0] != '#' {
			n++
		}
	}
	return n
}
