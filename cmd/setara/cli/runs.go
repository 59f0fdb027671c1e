package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/setara-pug/setara/dashboards/present"
	"github.com/setara-pug/setara/pipeline/approval"
	"github.com/setara-pug/setara/pipeline/stages"
)

type runsOptions struct {
	n int
}

var runsHelp = help{
	use:   "runs [-n N]",
	short: "List recent runs: start, duration, status, checks, snapshot, error",
}

func (o *runsOptions) addFlags(cmd *cobra.Command) {
	cmd.Flags().IntVarP(&o.n, "number", "n", 20, "how many runs to list")
}

// run lists the last o.n runs, newest first.
func (o *runsOptions) run(ctx context.Context, env *Env, _ []string) error {
	if o.n < 1 {
		return usageError{fmt.Errorf("-n %d: must be at least 1", o.n)}
	}
	w, err := env.OpenWarehouse(ctx)
	if err != nil {
		return err
	}
	defer w.Close()
	runs, err := stages.Recent(ctx, w.DB, o.n)
	if err != nil {
		return err
	}
	decisions, err := approval.History(ctx, w.DB)
	if err != nil {
		return err
	}
	printRuns(env.Stdout, runs, decisions)
	return nil
}

// printRuns prints the run history as an aligned table, newest first, a candidate run's
// snapshot marked with its standing, then the approval decisions of the runs shown.
func printRuns(out io.Writer, runs []stages.RunRecord, decisions []approval.Decision) {
	standing := map[int64]string{}
	for _, d := range decisions {
		standing[d.RunID] = d.Standing // oldest first: the last one stands
	}
	if len(runs) == 0 {
		fmt.Fprintln(out, "no runs yet: run `setara run` or `setara demo`")
		return
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RUN\tTRIGGER\tSTARTED (UTC)\tSECONDS\tSTATUS\tSTAGES\tWARNINGS\tSNAPSHOT\tERROR")
	for _, r := range runs {
		secs := "-"
		if !r.FinishedAt.IsZero() {
			secs = present.EN.Num(r.Seconds(), 1)
		}
		snap := r.Snapshot
		if snap == "" {
			snap = "-"
		} else if st := standing[r.ID]; st != "" {
			snap += " (" + st + ")"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%d\t%s\t%s\n", r.ID, r.Trigger,
			r.StartedAt.UTC().Format(time.DateTime), secs, r.Status, r.Stages, r.Warnings, snap, firstLine(r.Error))
	}
	tw.Flush()
	// The table shortens errors; a failed run's whole message (the check in words, its
	// offending rows and the input facts behind them) follows it.
	for _, r := range runs {
		if r.Error != "" && len(r.Error) > len(firstLine(r.Error)) {
			fmt.Fprintf(out, "\nrun %d failed: %s\n", r.ID, r.Error)
		}
	}
	shown := map[int64]bool{}
	for _, r := range runs {
		shown[r.ID] = true
	}
	header := false
	for _, d := range decisions {
		if !shown[d.RunID] || d.Standing == approval.Candidate {
			continue
		}
		if !header {
			fmt.Fprintln(out, "\napprovals:")
			header = true
		}
		why := ""
		if d.Reason != "" {
			why = ": " + d.Reason
		}
		fmt.Fprintf(out, "  run %d %s by %s at %s UTC%s\n", d.RunID, d.Standing, d.DecidedBy, d.DecidedAt.UTC().Format(time.DateTime), why)
	}
}

// firstLine shortens an error for the table; the full text is in the run table.
func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 120 {
		s = s[:117] + "..."
	}
	return s
}
