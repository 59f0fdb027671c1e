package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/setara-pug/setara/dashboards/present"
	"github.com/setara-pug/setara/pipeline/stages"
)

type runOptions struct {
	keep        int
	reliability int
	candidate   bool
}

var runHelp = help{
	use:   "run [--keep N] [--reliability N] [--candidate]",
	short: "Run the SQL stages and checks, then publish a new snapshot",
}

func (o *runOptions) addFlags(cmd *cobra.Command) {
	cmd.Flags().IntVar(&o.keep, "keep", stages.DefaultKeep, "published snapshots to keep")
	cmd.Flags().BoolVar(&o.candidate, "candidate", false, "publish a candidate snapshot that readers see only after `setara approve RUN_ID`")
	cmd.Flags().IntVar(&o.reliability, "reliability", stages.DefaultReliability, "unweighted survey records a microdata cell needs to be flagged reliable")
}

// run runs the stages on the warehouse and prints what each stage and check did.
func (o *runOptions) run(ctx context.Context, env *Env, _ []string) error {
	if o.keep < 1 {
		return usageError{fmt.Errorf("--keep %d: must be at least 1", o.keep)}
	}
	if o.reliability < 1 {
		return usageError{fmt.Errorf("--reliability %d: must be at least 1", o.reliability)}
	}
	w, err := env.OpenWarehouse(ctx)
	if err != nil {
		return err
	}
	defer w.Close()
	res, err := stages.Run(ctx, w, stages.Options{
		Trigger: "run", Keep: o.keep, ReliabilityThreshold: o.reliability, Logger: env.Logger, Now: env.Now,
		Candidate: o.candidate,
	})
	printRunResult(env.Stdout, res)
	if err != nil {
		return &ExitError{Code: ExitFailure, Err: err}
	}
	if o.candidate {
		printCandidate(env.Stdout, res.RunID)
	}
	return nil
}

// printRunResult prints one line per stage, the checks that found rows, and the outcome.
func printRunResult(w io.Writer, res stages.Result) {
	for _, s := range res.Stages {
		rows := "-"
		if s.Rows >= 0 {
			rows = fmt.Sprint(s.Rows)
		}
		fmt.Fprintf(w, "stage %-26s %10s rows %8ss\n", s.Name, rows, present.EN.Num(s.Seconds, 3))
	}
	for _, c := range res.Checks {
		if c.FailingRows == 0 {
			continue
		}
		fmt.Fprintf(w, "check %-26s %s: %d rows, e.g. %s\n", c.Name, c.Severity, c.FailingRows, c.Sample)
	}
	passed := 0
	for _, c := range res.Checks {
		if c.FailingRows == 0 {
			passed++
		}
	}
	switch {
	case res.RunID == 0:
		return
	case res.Status == stages.StatusSucceeded && res.Candidate:
		fmt.Fprintf(w, "run %d succeeded: %d stages, %d of %d checks passed, %d warning(s); candidate %s written, not yet current\n",
			res.RunID, len(res.Stages), passed, len(res.Checks), len(res.Warnings()), res.Snapshot)
	case res.Status == stages.StatusSucceeded:
		fmt.Fprintf(w, "run %d succeeded: %d stages, %d of %d checks passed, %d warning(s); published %s\n",
			res.RunID, len(res.Stages), passed, len(res.Checks), len(res.Warnings()), res.Snapshot)
	default:
		fmt.Fprintf(w, "run %d failed after %d stages; nothing published, the current snapshot is unchanged\n",
			res.RunID, len(res.Stages))
	}
}
