// Package refresh is setara's nightly refresh: it takes the complete files waiting in an inbox
// directory, loads each one strictly into the warehouse (package ingest), runs the stages and
// publishes a snapshot (package stages), then moves every file it took to processed/<date>/ or,
// with a NAME.errors.csv beside it, to failed/<date>/. Only a file at fault goes to failed/:
// one with rejected rows, or one ingest could not read (an *ingest.FileError). When the
// warehouse fails during a load, the refresh stops with that error and the file stays in the
// inbox for the next refresh.
//
// A refresh survives being killed at any point: a file is moved only after its load committed,
// so a crash leaves it in the inbox to be taken again (re-taking an identical, already loaded
// file is "unchanged" in ingest and it simply moves), and the snapshot is switched atomically by
// package snapshot, so readers keep the previous one until a new one is complete.
//
// A Refresher runs one refresh at a time in this process: a refresh requested while one runs is
// queued once, and further requests join that queued one. The warehouse is opened only for the
// duration of a refresh. A Scheduler runs the Refresher on a cron schedule in a time zone (with
// gocron and an injectable clock), catches up at start when the last success is older than one
// schedule period, and retries a failed refresh with a bounded backoff.
//
//	r := refresh.New(refresh.Options{DBPath: "data/setara.duckdb", Registry: reg, Logger: logger})
//	defer r.Close()
//	rep, err := r.RunOnce(ctx)               // one refresh now (the `setara refresh` command)
//	opts.Refresh = r.Refresh                   // server.Options: POST /api/refresh
//	s, err := refresh.NewScheduler(r, refresh.SchedulerOptions{Cron: "0 2 * * *", TimeZone: "Asia/Jakarta"})
//	if err != nil { ... }
//	s.Start(ctx)
//	defer s.Stop()
//
// Inbox layout:
//
//	inbox/
//	  indikator-2025.csv            waiting (taken once unchanged for Options.Settle)
//	  processed/2026-11-29/...      loaded (or unchanged) files
//	  failed/2026-11-29/x.csv       a file with rejected rows (nothing of it was loaded)
//	  failed/2026-11-29/x.csv.errors.csv   line, column, value, reason
//
// It belongs to the write side (pipeline/): it drives ingest and stages from the inbox.
package refresh
