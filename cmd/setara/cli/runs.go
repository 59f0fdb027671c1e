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
	printRuns(env.Stdout, runs)
	return nil
}

// printRuns prints the run history as an aligned table, newest first.
func printRuns(out io.Writer, runs []stages.RunRecord) {
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
}

// firstLine shortens an error for the table; the full text is in the run table.
func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 120 {
		s = s[:117] + "..."
	}
	return s
}
