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

func newRunsCmd(env *Env) *cobra.Command {
	var n int
	cmd := &cobra.Command{
		Use:   "runs [-n N]",
		Short: "List recent runs: start, duration, status, checks, snapshot, error",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runsRun(cmd.Context(), env, n)
		},
	}
	cmd.Flags().IntVarP(&n, "number", "n", 20, "how many runs to list")
	return cmd
}

func runsRun(ctx context.Context, env *Env, n int) error {
	if n < 1 {
		return usageError{fmt.Errorf("-n %d: must be at least 1", n)}
	}
	w, err := env.OpenWarehouse(ctx)
	if err != nil {
		return err
	}
	defer w.Close()
	runs, err := stages.Recent(ctx, w.DB, n)
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
}

// firstLine shortens an error for the table; the full text is in the run table.
func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 120 {
		s = s[:117] + "..."
	}
	return s
}
