package cli

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/setara-pug/setara/pipeline/refresh"
)

// refreshOptions are the flags of `setara refresh`.
type refreshOptions struct {
	Inbox  string
	Settle time.Duration
	// Candidate publishes a candidate snapshot that waits for `setara approve`.
	Candidate bool
}

var refreshHelp = help{
	use:   "refresh [--inbox DIR] [--candidate]",
	short: "Load the complete files waiting in the inbox, run the stages and publish",
	long: `refresh takes every complete file waiting in the inbox (default: inbox/ beside the
warehouse, e.g. data/inbox/), loads each one strictly (a file with any rejected row loads
nothing), runs the stages and publishes a snapshot. Loaded files move to
INBOX/processed/DATE/; rejected ones to INBOX/failed/DATE/ with NAME.errors.csv beside them.
Files still being written (changed within --settle, or named *.tmp, *.part, ~$*, .*) are left
for the next refresh. Suitable for cron or a systemd timer.

When the run fails a blocking check, the new files whose facts make it fail are found (by
running without each), quarantined (setara batches shows them; their facts stop counting),
moved to INBOX/failed/DATE/ with an errors file naming their lines, and the rest is published.
A failure that no new file explains fails the refresh and keeps the previous snapshot.

Exit status: 0 everything loaded and published; 3 a file had rejected rows or was
quarantined (the rest was loaded and published); 1 the refresh failed or a file could not be
read.`,
}

func (opts *refreshOptions) addFlags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&opts.Inbox, "inbox", "", "inbox directory (default: inbox/ beside the warehouse)")
	cmd.Flags().DurationVar(&opts.Settle, "settle", refresh.DefaultSettle, "take only files unchanged for this long")
	cmd.Flags().BoolVar(&opts.Candidate, "candidate", false, "publish a candidate snapshot that readers see only after `setara approve`")
}

// run runs one refresh and maps its report to an exit code.
func (opts *refreshOptions) run(ctx context.Context, env *Env, _ []string) error {
	r := refresh.New(refresh.Options{
		DBPath:    env.DBPath(),
		Inbox:     opts.Inbox,
		Logger:    env.Logger,
		Now:       env.Now,
		Settle:    opts.Settle,
		Candidate: opts.Candidate,
	})
	defer r.Close()
	rep, err := r.RunOnce(ctx)
	printRefreshReport(env.Stdout, rep, err)
	if err == nil && opts.Candidate && rep.RunID > 0 {
		printCandidate(env.Stdout, rep.RunID)
	}
	if err != nil {
		return &ExitError{Code: ExitFailure} // the refresher logged the reason
	}
	code := ExitOK
	for _, f := range rep.Files {
		switch {
		case f.Outcome != refresh.OutcomeFailed:
		case (f.Rejected > 0 || f.Quarantined) && code == ExitOK:
			code = ExitRejected
		case f.Rejected == 0 && !f.Quarantined:
			code = ExitFailure
		}
	}
	if code != ExitOK {
		return &ExitError{Code: code}
	}
	return nil
}

func printRefreshReport(w io.Writer, rep refresh.Report, err error) {
	for _, f := range rep.Files {
		switch {
		case f.Quarantined:
			fmt.Fprintf(w, "quarantined %s: batch %d loaded but made the run fail; set aside -> %s\n            %s\n            errors: %s\n",
				f.Name, f.BatchID, f.MovedTo, f.Reason, f.ErrorsFile)
		case f.Outcome == refresh.OutcomeFailed:
			fmt.Fprintf(w, "failed     %s: %d rows rejected -> %s\n           %s\n           errors: %s\n",
				f.Name, f.Rejected, f.MovedTo, f.Reason, f.ErrorsFile)
		case f.Outcome == refresh.OutcomeUnchanged:
			fmt.Fprintf(w, "unchanged  %s: %s, already loaded -> %s\n", f.Name, f.Kind, f.MovedTo)
		default:
			fmt.Fprintf(w, "loaded     %s: %s, %d rows -> %s\n", f.Name, f.Kind, f.Accepted, f.MovedTo)
		}
	}
	for _, name := range rep.Waiting {
		fmt.Fprintf(w, "waiting    %s: still being written, left for the next refresh\n", name)
	}
	if err != nil {
		fmt.Fprintf(w, "refresh failed after %d files: %v\n", rep.FilesTaken, err)
		return
	}
	fmt.Fprintf(w, "refresh %s: %d files taken (%d failed), %d rows loaded; published %s (run %d)\n",
		rep.Status, rep.FilesTaken, rep.FailedFiles(), rep.RowsLoaded, rep.Snapshot, rep.RunID)
}
