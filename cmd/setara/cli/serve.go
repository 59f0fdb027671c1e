package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"runtime"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/spf13/cobra"

	"github.com/setara-pug/setara/dashboards/analyst"
	"github.com/setara-pug/setara/dashboards/flight"
	"github.com/setara-pug/setara/dashboards/server"
	"github.com/setara-pug/setara/pipeline/approval"
	"github.com/setara-pug/setara/pipeline/demo"
	"github.com/setara-pug/setara/pipeline/refresh"
	"github.com/setara-pug/setara/pipeline/snapshot"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

// serveOptions are the flags of `setara serve`.
type serveOptions struct {
	Addr           string
	Tokens         string
	QueryTimeout   time.Duration
	MaxRows        int
	MaxAge         time.Duration
	MetricsHistory bool
	Refresh        string // cron expression of the scheduled refresh ("" = none)
	TZ             string // time zone of the schedule
	Inbox          string // inbox of the refresh ("" = inbox/ beside the warehouse)
	FlightAddr     string // Arrow Flight SQL listen address ("" = off)
	Candidate      bool   // refreshes publish candidates that wait for `setara approve`
	MaxUpload      int64  // bytes; the largest file POST /api/upload takes
	UploadRate     int    // uploads one account may make in 10 minutes
	LoadUploads    bool   // a stored upload starts a refresh that publishes a candidate
	RefreshThreads int    // DuckDB threads of a refresh (0 = one per core)
	RefreshNice    int    // nice value a refresh's threads add (0 = the server's priority)
}

var serveHelp = help{
	use:   "serve [--addr HOST:PORT] [--tokens FILE]",
	short: "Serve the web dashboard, the APIs and /metrics from the current snapshot",
	long: `serve answers HTTP on --addr (default 127.0.0.1:8080) from the current published snapshot and
switches to each new snapshot as it is published. Without a snapshot it runs the demo first.

Access: bearer tokens from --tokens or $SETARA_TOKENS, one "role token [name]" per line
(roles viewer, analyst, admin), or "contributor token name OPD_CODE[,OPD_CODE...]" for an OPD's
staff, who may also upload their OPD's programs, gbs and readiness files on /unggah (POST
/api/upload; checked at once, stored in --inbox for the next refresh; --max-upload bytes at
most). Without tokens serve only listens on a loopback address and every caller is an analyst.

--flight-addr HOST:PORT also serves Arrow Flight SQL (off by default) for Python, R and
DBeaver, with the same tokens (gRPC metadata "authorization: Bearer TOKEN"; analyst and admin
only), the same rule (loopback only without tokens) and the limits of /api/query.`,
}

func (o *serveOptions) addFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&o.Addr, "addr", server.DefaultAddr, "listen address HOST:PORT")
	f.StringVar(&o.Tokens, "tokens", "", "bearer tokens file (default $SETARA_TOKENS)")
	f.DurationVar(&o.QueryTimeout, "query-timeout", analyst.DefaultTimeout, "time limit of one /api/query")
	f.IntVar(&o.MaxRows, "max-rows", analyst.DefaultMaxRows, "row limit of one /api/query answer")
	f.DurationVar(&o.MaxAge, "max-age", server.DefaultMaxAge, "/healthz answers 503 when the snapshot is older")
	f.BoolVar(&o.MetricsHistory, "metrics-history", false, "expose indicator series of every year in /metrics, not only the latest")
	f.StringVar(&o.Refresh, "refresh", "", `refresh on this cron schedule, e.g. "0 2 * * *" (02:00 every night)`)
	f.StringVar(&o.TZ, "tz", refresh.DefaultTimeZone, "time zone of the --refresh schedule")
	f.StringVar(&o.Inbox, "inbox", "", "inbox the refresh takes files from (default inbox/ beside the warehouse)")
	f.StringVar(&o.FlightAddr, "flight-addr", "", "also serve Arrow Flight SQL on HOST:PORT (off by default)")
	f.BoolVar(&o.Candidate, "candidate", false, "refreshes publish candidate snapshots that readers see only after `setara approve`")
	f.Int64Var(&o.MaxUpload, "max-upload", server.DefaultMaxUpload, "the largest file in bytes that POST /api/upload (the /unggah page) takes")
	f.BoolVar(&o.LoadUploads, "load-uploads", false, "load each stored upload at once, as a candidate snapshot for an admin's approval (implies --candidate)")
	f.IntVar(&o.UploadRate, "upload-rate", server.DefaultUploadRate, "uploads one token may make in 10 minutes (more are answered 429)")
	f.IntVar(&o.RefreshThreads, "refresh-threads", refresh.ServeThreads(runtime.NumCPU()),
		"DuckDB threads of a refresh; the default leaves one core to the readers (0 = one per core)")
	f.IntVar(&o.RefreshNice, "refresh-nice", refresh.ServeNice,
		"nice value a refresh's threads add, so readers get the CPU first (0-19; 0 = the server's priority)")
}

// run checks the options, makes sure a snapshot exists (running the demo otherwise),
// prints the URL and serves until ctx is cancelled.
func (o *serveOptions) run(ctx context.Context, env *Env, _ []string) error {
	if o.RefreshThreads < 0 {
		return usageError{fmt.Errorf("--refresh-threads %d: must be 0 (one per core) or more", o.RefreshThreads)}
	}
	if o.RefreshNice < 0 || o.RefreshNice > 19 {
		return usageError{fmt.Errorf("--refresh-nice %d: must be 0 to 19", o.RefreshNice)}
	}
	tokensFile := o.Tokens
	if tokensFile == "" {
		tokensFile = env.Getenv("SETARA_TOKENS")
	}
	dir := warehouse.PublishedDir(env.DBPath())
	store := snapshot.NewStore(dir, snapshot.StoreOptions{Logger: env.Logger})
	defer store.Close()

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	opts := server.Options{
		Addr:           o.Addr,
		TokensFile:     tokensFile,
		QueryTimeout:   o.QueryTimeout,
		MaxRows:        o.MaxRows,
		MaxAge:         o.MaxAge,
		MetricsHistory: o.MetricsHistory,
		Registry:       reg,
		Logger:         env.Logger,
		Now:            env.Now,
	}
	// The refresher is always there, so its metrics are always exposed and POST /api/refresh
	// works; --refresh adds the schedule.
	rf := refresh.New(refresh.Options{DBPath: env.DBPath(), Inbox: o.Inbox, Registry: reg, Logger: env.Logger, Now: env.Now,
		Candidate: o.Candidate || o.LoadUploads, Threads: o.RefreshThreads, Nice: o.RefreshNice})
	defer rf.Close()
	opts.Refresh = rf.Refresh
	opts.Retract = retractFunc(env, rf)
	opts.Decide = decideFunc(env, rf)
	inbox := o.Inbox
	if inbox == "" {
		inbox = refresh.DefaultInbox(env.DBPath())
	}
	opts.Upload = uploadFunc(env, rf, inbox, o.LoadUploads)
	opts.MaxUpload = o.MaxUpload
	opts.UploadRate = o.UploadRate
	var sched *refresh.Scheduler
	if o.Refresh != "" {
		s, err := refresh.NewScheduler(rf, refresh.SchedulerOptions{Cron: o.Refresh, TimeZone: o.TZ, Logger: env.Logger})
		if err != nil {
			return usageError{err}
		}
		sched = s
	}
	srv, err := server.New(store, opts)
	if err != nil {
		return usageError{err}
	}
	fsrv, err := o.flightServer(store, tokensFile, env)
	if err != nil {
		return err
	}

	if _, err := snapshot.Current(dir); snapshot.IsNoSnapshot(err) {
		fmt.Fprintf(env.Stderr, "setara: nothing published in %s yet; loading the demo data set first\n", dir)
		if err := (&demoOptions{persons: demo.DefaultOptions().Persons}).run(ctx, env, nil); err != nil {
			return err
		}
	}
	if _, err := store.Refresh(ctx); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", srv.Addr())
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	id := ""
	if r, release, err := store.Acquire(); err == nil {
		id = r.ID
		release()
	}
	if sched != nil {
		if err := sched.Start(ctx); err != nil {
			ln.Close()
			return err
		}
		defer sched.Stop()
		if next, err := sched.NextRun(); err == nil {
			fmt.Fprintf(env.Stdout, "setara: refreshing on %q (%s); next at %s\n", o.Refresh, o.TZ, next.Format(time.RFC3339))
		}
	}
	if fsrv != nil {
		fln, err := net.Listen("tcp", fsrv.Addr())
		if err != nil {
			ln.Close()
			return fmt.Errorf("serve: --flight-addr: %w", err)
		}
		flightCtx, stopFlight := context.WithCancel(ctx)
		flightDone := make(chan error, 1)
		go func() { flightDone <- fsrv.Serve(flightCtx, fln) }()
		defer func() {
			stopFlight()
			if err := <-flightDone; err != nil {
				env.Logger.Error("flight sql", "err", err)
			}
		}()
		fmt.Fprintf(env.Stdout, "setara: Arrow Flight SQL on grpc://%s\n", fln.Addr())
	}
	fmt.Fprintf(env.Stdout, "setara: serving snapshot %s; open http://%s/\n", id, ln.Addr())
	return srv.Serve(ctx, ln)
}

// flightServer builds the Flight SQL service of --flight-addr, or nil when it is off.
func (o *serveOptions) flightServer(store *snapshot.Store, tokensFile string, env *Env) (*flight.Server, error) {
	if o.FlightAddr == "" {
		return nil, nil
	}
	var tokens []server.Token
	if tokensFile != "" {
		t, err := server.ReadTokensFile(tokensFile)
		if err != nil {
			return nil, usageError{err}
		}
		tokens = t
	}
	fsrv, err := flight.New(store, flight.Options{
		Addr: o.FlightAddr, Tokens: tokens, QueryTimeout: o.QueryTimeout, MaxRows: o.MaxRows, Logger: env.Logger,
	})
	if err != nil {
		return nil, usageError{err}
	}
	return fsrv, nil
}

// retractFunc takes batches back for the Data page's form, while no refresh runs.
func retractFunc(env *Env, rf *refresh.Refresher) func(ctx context.Context, ids []int64, who, reason string) error {
	return func(ctx context.Context, ids []int64, who, reason string) error {
		err := rf.Exclusive(func() error {
			w, err := env.OpenWarehouse(ctx)
			if err != nil {
				return err
			}
			defer w.Close()
			err = warehouse.Retract(ctx, w.DB, ids, warehouse.Change{By: who, At: env.Now(), Reason: reason})
			if errors.Is(err, warehouse.ErrNoBatch) || errors.Is(err, warehouse.ErrStanding) {
				err = fmt.Errorf("%w: %w", server.ErrBadRetract, err)
			}
			return err
		})
		if errors.Is(err, refresh.ErrBusy) {
			err = fmt.Errorf("%w: %w", server.ErrRetractBusy, err)
		}
		return err
	}
}

// decideFunc approves or rejects a candidate run for the approval page's form, while no
// refresh runs.
func decideFunc(env *Env, rf *refresh.Refresher) func(ctx context.Context, run int64, approve bool, who, reason string) error {
	return func(ctx context.Context, run int64, approve bool, who, reason string) error {
		err := rf.Exclusive(func() error {
			w, err := env.OpenWarehouse(ctx)
			if err != nil {
				return err
			}
			defer w.Close()
			opts := approval.Options{By: who, Reason: reason, Now: env.Now}
			if approve {
				_, err = approval.Approve(ctx, w, run, opts)
			} else {
				_, err = approval.Reject(ctx, w, run, opts)
			}
			if errors.Is(err, approval.ErrNotCandidate) {
				err = fmt.Errorf("%w: %w", server.ErrNotWaiting, err)
			}
			return err
		})
		if errors.Is(err, refresh.ErrBusy) {
			err = fmt.Errorf("%w: %w", server.ErrRetractBusy, err)
		}
		return err
	}
}
