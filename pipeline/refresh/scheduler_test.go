package refresh

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
)

// fakeRunner records the (fake) time of every scheduled refresh and fails the first `fails`.
type fakeRunner struct {
	clock clockwork.Clock
	last  time.Time
	calls chan time.Time

	mu    sync.Mutex
	fails int
}

func newFakeRunner(clock clockwork.Clock, last time.Time, fails int) *fakeRunner {
	return &fakeRunner{clock: clock, last: last, fails: fails, calls: make(chan time.Time, 100)}
}

func (f *fakeRunner) RunScheduled(ctx context.Context) (Report, error) {
	f.calls <- f.clock.Now()
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fails > 0 {
		f.fails--
		return Report{Status: StatusFailed}, errors.New("stages failed")
	}
	return Report{Status: StatusSucceeded}, nil
}

func (f *fakeRunner) LastSuccess() time.Time { return f.last }

// logSignal passes the messages of the records logged to a channel, so a test can wait for the
// scheduler to finish reacting to a refresh.
type logSignal chan string

func (c logSignal) Enabled(context.Context, slog.Level) bool      { return true }
func (c logSignal) Handle(_ context.Context, r slog.Record) error { c <- r.Message; return nil }
func (c logSignal) WithAttrs([]slog.Attr) slog.Handler            { return c }
func (c logSignal) WithGroup(string) slog.Handler                 { return c }

func (c logSignal) waitFor(t *testing.T, msg string) {
	t.Helper()
	for m := range c {
		if m == msg {
			return
		}
	}
}

func jakarta(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// startScheduler makes a scheduler of runner with opts and starts it; it stops when t ends.
func startScheduler(t *testing.T, runner *fakeRunner, opts SchedulerOptions) (*Scheduler, context.Context) {
	t.Helper()
	s, err := NewScheduler(runner, opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := s.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Stop() })
	return s, ctx
}

func TestSchedulerNextRunInTimeZone(t *testing.T) {
	wib := jakarta(t)
	tests := []struct {
		name string
		cron string
		tz   string
		now  time.Time
		want time.Time
	}{
		{"later the same morning", "0 2 * * *", "", time.Date(2026, 3, 10, 10, 0, 0, 0, wib), time.Date(2026, 3, 11, 2, 0, 0, 0, wib)},
		{"a minute before", "0 2 * * *", "", time.Date(2026, 3, 10, 1, 59, 0, 0, wib), time.Date(2026, 3, 10, 2, 0, 0, 0, wib)},
		{"exactly at the time", "0 2 * * *", "Asia/Jakarta", time.Date(2026, 3, 10, 2, 0, 0, 0, wib), time.Date(2026, 3, 11, 2, 0, 0, 0, wib)},
		// 19:30 UTC on the 9th is 02:30 WIB on the 10th: 02:00 WIB has passed, 02:00 UTC has not.
		{"clock in UTC, schedule in WIB", "0 2 * * *", "", time.Date(2026, 3, 9, 19, 30, 0, 0, time.UTC), time.Date(2026, 3, 11, 2, 0, 0, 0, wib)},
		{"schedule in UTC", "0 2 * * *", "UTC", time.Date(2026, 3, 9, 19, 30, 0, 0, time.UTC), time.Date(2026, 3, 10, 2, 0, 0, 0, time.UTC)},
		{"Mondays 01:30, from a Sunday night", "30 1 * * 1", "", time.Date(2026, 3, 15, 23, 0, 0, 0, wib), time.Date(2026, 3, 16, 1, 30, 0, 0, wib)},
		{"every 15 minutes", "*/15 * * * *", "", time.Date(2026, 3, 10, 10, 7, 30, 0, wib), time.Date(2026, 3, 10, 10, 15, 0, 0, wib)},
		{"year end", "0 2 1 1 *", "", time.Date(2026, 12, 31, 23, 0, 0, 0, wib), time.Date(2027, 1, 1, 2, 0, 0, 0, wib)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := clockwork.NewFakeClockAt(tt.now)
			s, err := NewScheduler(newFakeRunner(clock, tt.now, 0), SchedulerOptions{Cron: tt.cron, TimeZone: tt.tz, Clock: clock})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Start(context.Background()); err != nil {
				t.Fatal(err)
			}
			defer s.Stop()
			got, err := s.NextRun()
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(tt.want) {
				t.Errorf("next run from %v = %v, want %v", tt.now, got, tt.want)
			}
			if !s.CatchUpAt().IsZero() {
				t.Errorf("catch-up scheduled though the last success is now")
			}
		})
	}
}

func TestNewSchedulerRejectsBadInput(t *testing.T) {
	clock := clockwork.NewFakeClock()
	for _, tt := range []struct{ cron, tz string }{
		{"0 2 * *", ""},
		{"61 2 * * *", ""},
		{"nightly", ""},
		{"0 2 * * *", "Asia/Medan"},
	} {
		if _, err := NewScheduler(newFakeRunner(clock, time.Time{}, 0), SchedulerOptions{Cron: tt.cron, TimeZone: tt.tz, Clock: clock}); err == nil {
			t.Errorf("NewScheduler(%q, %q) accepted", tt.cron, tt.tz)
		}
	}
}

func TestSchedulerRunsAtTheScheduledTime(t *testing.T) {
	wib := jakarta(t)
	start := time.Date(2026, 3, 10, 10, 0, 0, 0, wib)
	clock := clockwork.NewFakeClockAt(start)
	runner := newFakeRunner(clock, start.Add(-time.Hour), 0)
	_, ctx := startScheduler(t, runner, SchedulerOptions{Cron: "0 2 * * *", TimeZone: "Asia/Jakarta", Clock: clock})
	for _, want := range []time.Time{time.Date(2026, 3, 11, 2, 0, 0, 0, wib), time.Date(2026, 3, 12, 2, 0, 0, 0, wib)} {
		clock.BlockUntilContext(ctx, 1)
		clock.Advance(want.Sub(clock.Now()))
		if got := <-runner.calls; !got.Equal(want) {
			t.Errorf("refresh ran at %v, want %v", got, want)
		}
	}
}

func TestSchedulerCatchesUpAtStart(t *testing.T) {
	wib := jakarta(t)
	start := time.Date(2026, 3, 10, 10, 0, 0, 0, wib)
	tests := []struct {
		name    string
		last    time.Time
		catchUp bool
	}{
		{"never succeeded", time.Time{}, true},
		{"30 hours ago", start.Add(-30 * time.Hour), true},
		{"8 hours ago (this morning's run)", start.Add(-8 * time.Hour), false},
		{"23 hours ago", start.Add(-23 * time.Hour), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := clockwork.NewFakeClockAt(start)
			runner := newFakeRunner(clock, tt.last, 0)
			s, ctx := startScheduler(t, runner, SchedulerOptions{Cron: "0 2 * * *", Clock: clock, CatchUpDelay: 2 * time.Minute})
			at := s.CatchUpAt()
			if !tt.catchUp {
				if !at.IsZero() {
					t.Errorf("catch-up at %v; want none", at)
				}
				return
			}
			if want := start.Add(2 * time.Minute); !at.Equal(want) {
				t.Fatalf("catch-up at %v, want %v", at, want)
			}
			clock.BlockUntilContext(ctx, 2) // the schedule and the catch-up
			clock.Advance(2 * time.Minute)
			if got := <-runner.calls; !got.Equal(start.Add(2 * time.Minute)) {
				t.Errorf("catch-up ran at %v, want %v", got, start.Add(2*time.Minute))
			}
		})
	}
}

// A failing refresh is retried after 1, 5 and 15 minutes, then waits for the schedule.
func TestSchedulerRetriesWithBoundedBackoff(t *testing.T) {
	wib := jakarta(t)
	start := time.Date(2026, 3, 10, 1, 0, 0, 0, wib)
	clock := clockwork.NewFakeClockAt(start)
	runner := newFakeRunner(clock, start.Add(-time.Hour), 5)
	logs := make(logSignal, 100)
	_, ctx := startScheduler(t, runner, SchedulerOptions{Cron: "0 2 * * *", Clock: clock, Logger: slog.New(logs)})
	first := time.Date(2026, 3, 10, 2, 0, 0, 0, wib)
	want := []time.Time{first, first.Add(time.Minute), first.Add(6 * time.Minute), first.Add(21 * time.Minute)}
	for i, w := range want {
		waiters := 2 // the schedule and a retry
		if i == 0 {
			waiters = 1
		}
		clock.BlockUntilContext(ctx, waiters)
		clock.Advance(w.Sub(clock.Now()))
		if got := <-runner.calls; !got.Equal(w) {
			t.Fatalf("attempt %d ran at %v, want %v", i+1, got, w)
		}
		if i < len(want)-1 {
			logs.waitFor(t, "refresh retry scheduled")
		}
	}
	logs.waitFor(t, "refresh retries used up; waiting for the schedule")
	// No more retries: the next refresh is the next day's (it fails too: one failure left).
	next := first.Add(24 * time.Hour)
	clock.BlockUntilContext(ctx, 1)
	clock.Advance(next.Sub(clock.Now()))
	if got := <-runner.calls; !got.Equal(next) {
		t.Errorf("after the retries the next refresh ran at %v, want %v", got, next)
	}
	// Its retry after 1 minute succeeds, and nothing else runs until the day after.
	logs.waitFor(t, "refresh retry scheduled")
	clock.BlockUntilContext(ctx, 2)
	clock.Advance(time.Minute)
	if got := <-runner.calls; !got.Equal(next.Add(time.Minute)) {
		t.Errorf("retry ran at %v, want %v", got, next.Add(time.Minute))
	}
	dayAfter := next.Add(24 * time.Hour)
	clock.BlockUntilContext(ctx, 1)
	clock.Advance(dayAfter.Sub(clock.Now()))
	if got := <-runner.calls; !got.Equal(dayAfter) {
		t.Errorf("after a successful retry the next refresh ran at %v, want %v", got, dayAfter)
	}
}
