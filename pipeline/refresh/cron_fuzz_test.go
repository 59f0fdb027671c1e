package refresh

import (
	"context"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
)

// FuzzCronSchedule feeds arbitrary cron expressions and time zones to NewScheduler on a fake
// clock. Whatever the input: no panic; an accepted schedule starts, or Start fails with an
// error; a started schedule's next run is after now; Stop returns. The seed corpus is
// testdata/fuzz/FuzzCronSchedule; the normal test run executes it.
func FuzzCronSchedule(f *testing.F) {
	for _, seed := range []struct{ expr, tz string }{
		{"0 2 * * *", ""},
		{"*/15 * * * *", "UTC"},
		{"0 0 29 2 *", "Asia/Jakarta"},
		{"0 0 31 4 *", ""},
		{"@daily", ""},
		{"@every 1h", ""},
		{"CRON_TZ=Asia/Jakarta 0 2 * * 1-5", ""},
		{"60 24 32 13 8", ""},
		{"", ""},
		{"* * * * * *", ""},
		{"0 2 * * *", "Nowhere/Atlantis"},
	} {
		f.Add(seed.expr, seed.tz)
	}
	start := time.Date(2024, 2, 28, 23, 59, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, expr, tz string) {
		clock := clockwork.NewFakeClockAt(start)
		runner := newFakeRunner(clock, start.Add(-time.Hour), 0)
		s, err := NewScheduler(runner, SchedulerOptions{Cron: expr, TimeZone: tz, Clock: clock, CatchUpDelay: time.Hour, Backoff: []time.Duration{}})
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("NewScheduler(%q, %q): empty error", expr, tz)
			}
			return
		}
		defer func() {
			if err := s.Stop(); err != nil {
				t.Errorf("Stop: %v", err)
			}
		}()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		if err := s.Start(ctx); err != nil {
			return // e.g. 30 February: accepted by the parser, never due
		}
		next, err := s.NextRun()
		if err != nil {
			t.Fatalf("%q: NextRun: %v", expr, err)
		}
		if !next.After(start) {
			t.Fatalf("%q in %q: next run %s is not after now %s", expr, tz, next, start)
		}
	})
}
