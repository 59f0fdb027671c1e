package refresh

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // Asia/Jakarta on machines without a zoneinfo database

	"github.com/go-co-op/gocron/v2"
	"github.com/google/uuid"
	"github.com/jonboulle/clockwork"
)

// DefaultTimeZone is the zone of the refresh schedule unless --tz names another.
const DefaultTimeZone = "Asia/Jakarta"

// DefaultCatchUpDelay is how long after start a catch-up refresh runs.
const DefaultCatchUpDelay = time.Minute

// defaultBackoff is how long to wait before retrying a failed scheduled refresh, attempt by
// attempt (1, 5 and 15 minutes); after the last one the refresh waits for the schedule.
func defaultBackoff() []time.Duration {
	return []time.Duration{time.Minute, 5 * time.Minute, 15 * time.Minute}
}

// Runner is what a Scheduler runs: a *Refresher.
type Runner interface {
	RunScheduled(ctx context.Context) (Report, error)
	LastSuccess() time.Time
}

// Scheduler runs a Runner on a cron schedule in a time zone, through gocron with an injected
// clock. Runs never overlap (the Refresher queues, and the cron job is a gocron singleton).
type Scheduler struct {
	runner  Runner
	expr    string
	loc     *time.Location
	clock   clockwork.Clock
	logger  *slog.Logger
	catchUp time.Duration
	backoff []time.Duration

	gs  gocron.Scheduler
	job gocron.Job

	ctx    context.Context
	cancel context.CancelFunc

	mu        sync.Mutex
	retryID   uuid.UUID // the pending retry or catch-up job, if any
	catchUpAt time.Time
}

// SchedulerOptions configure a Scheduler.
type SchedulerOptions struct {
	Cron         string          // five fields: minute hour day-of-month month day-of-week
	TimeZone     string          // "": DefaultTimeZone
	Clock        clockwork.Clock // nil: the real clock
	Logger       *slog.Logger    // schedule events (nil: discard)
	CatchUpDelay time.Duration   // how long after Start a catch-up refresh runs (0: DefaultCatchUpDelay)
	// Backoff is the waits before the retries of a failed refresh (nil: 1, 5 and 15 minutes;
	// empty but not nil: no retries).
	Backoff []time.Duration
}

// NewScheduler checks the cron expression and the time zone of opts and returns a scheduler
// that runs r once started.
func NewScheduler(r Runner, opts SchedulerOptions) (*Scheduler, error) {
	tz := opts.TimeZone
	if tz == "" {
		tz = DefaultTimeZone
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, fmt.Errorf("refresh schedule: time zone %q: %w", tz, err)
	}
	s := &Scheduler{
		runner:  r,
		expr:    opts.Cron,
		loc:     loc,
		clock:   opts.Clock,
		logger:  opts.Logger,
		catchUp: opts.CatchUpDelay,
		backoff: append([]time.Duration(nil), opts.Backoff...),
	}
	if s.clock == nil {
		s.clock = clockwork.NewRealClock()
	}
	if s.logger == nil {
		s.logger = slog.New(slog.DiscardHandler)
	}
	if s.catchUp == 0 {
		s.catchUp = DefaultCatchUpDelay
	}
	if opts.Backoff == nil {
		s.backoff = defaultBackoff()
	}
	if zoned := strings.HasPrefix(opts.Cron, "TZ=") || strings.HasPrefix(opts.Cron, "CRON_TZ="); zoned && !strings.Contains(opts.Cron, " ") {
		// the cron parser reads the zone up to the first space and panics without one
		return nil, fmt.Errorf("refresh schedule %q: a time zone prefix needs a space and a schedule after it (such as CRON_TZ=Asia/Jakarta 0 2 * * *)", opts.Cron)
	}
	s.gs, err = gocron.NewScheduler(gocron.WithClock(s.clock), gocron.WithLocation(loc))
	if err != nil {
		return nil, fmt.Errorf("refresh schedule: %w", err)
	}
	s.job, err = s.gs.NewJob(gocron.CronJob(opts.Cron, false), gocron.NewTask(func() { s.attempt(0) }),
		gocron.WithName("refresh"), gocron.WithSingletonMode(gocron.LimitModeReschedule))
	if err != nil {
		s.gs.Shutdown()
		return nil, fmt.Errorf("refresh schedule %q: %w", opts.Cron, err)
	}
	return s, nil
}

// Start starts the schedule. When the last success is older than one schedule period (or
// there is none), a catch-up refresh runs after the catch-up delay. Refreshes stop when ctx ends
// or Stop is called.
func (s *Scheduler) Start(ctx context.Context) error {
	s.ctx, s.cancel = context.WithCancel(ctx)
	s.gs.Start()
	runs, err := s.job.NextRuns(2)
	if err != nil || len(runs) < 2 {
		return fmt.Errorf("refresh schedule %q: next runs: %v", s.expr, err)
	}
	period := runs[1].Sub(runs[0])
	now := s.clock.Now()
	last := s.runner.LastSuccess()
	s.logger.Info("refresh schedule started", "cron", s.expr, "tz", s.loc.String(), "next", runs[0].In(s.loc),
		"last_success", last)
	if last.IsZero() || now.Sub(last) > period {
		at := now.Add(s.catchUp)
		if err := s.schedule(at, 0); err != nil {
			return err
		}
		s.mu.Lock()
		s.catchUpAt = at
		s.mu.Unlock()
		s.logger.Info("refresh catch-up scheduled: the last success is older than one period",
			"at", at.In(s.loc), "period", period.String(), "last_success", last)
	}
	return nil
}

// Stop stops the schedule and waits for gocron to let go of a running job. It does not close
// the Refresher.
func (s *Scheduler) Stop() error {
	if s.cancel != nil {
		s.cancel()
	}
	return s.gs.Shutdown()
}

// NextRun is the next scheduled run (in the schedule's zone); valid once started.
func (s *Scheduler) NextRun() (time.Time, error) {
	t, err := s.job.NextRun()
	return t.In(s.loc), err
}

// CatchUpAt is when the catch-up refresh decided at Start runs, or the zero time.
func (s *Scheduler) CatchUpAt() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.catchUpAt
}

// attempt runs a refresh; when it fails it schedules retry n+1 after the backoff, until the
// backoff is used up. A success cancels a pending retry. The Refresher logs why a refresh
// failed; the scheduler logs only what it does about it.
func (s *Scheduler) attempt(n int) {
	_, err := s.runner.RunScheduled(s.ctx)
	if s.ctx.Err() != nil || errors.Is(err, ErrClosed) {
		return
	}
	if err == nil {
		s.dropRetry()
		return
	}
	if n >= len(s.backoff) {
		s.logger.Warn("refresh retries used up; waiting for the schedule", "attempts", n+1)
		return
	}
	at := s.clock.Now().Add(s.backoff[n])
	if serr := s.schedule(at, n+1); serr != nil {
		s.logger.Error("refresh retry not scheduled", "reason", serr.Error())
		return
	}
	s.logger.Warn("refresh retry scheduled", "at", at.In(s.loc), "attempt", n+1)
}

// schedule replaces the pending retry with a one-time job at `at` that makes attempt n.
func (s *Scheduler) schedule(at time.Time, n int) error {
	j, err := s.gs.NewJob(gocron.OneTimeJob(gocron.OneTimeJobStartDateTime(at)), gocron.NewTask(func() { s.attempt(n) }),
		gocron.WithName(fmt.Sprintf("refresh-retry-%d", n)))
	if err != nil {
		return fmt.Errorf("refresh schedule: %w", err)
	}
	s.mu.Lock()
	old := s.retryID
	s.retryID = j.ID()
	s.mu.Unlock()
	if old != uuid.Nil {
		s.gs.RemoveJob(old)
	}
	return nil
}

func (s *Scheduler) dropRetry() {
	s.mu.Lock()
	old := s.retryID
	s.retryID = uuid.Nil
	s.mu.Unlock()
	if old != uuid.Nil {
		s.gs.RemoveJob(old)
	}
}
