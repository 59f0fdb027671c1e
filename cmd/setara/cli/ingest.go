package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/setara-pug/setara/pipeline/ingest"
)

// printedProblems is how many rejected rows the commands print; all are in rejected_rows.
const printedProblems = 20

type ingestOptions struct {
	kind, sheet, decimal string
	survey               string
	strict, dryRun       bool
}

var ingestHelp = help{
	use:   "ingest [--kind K] [--sheet S] [--decimal auto|comma|point] [--strict] [--survey NAME] FILE...",
	short: "Validate and load CSV, XLSX or Parquet files into the warehouse",
	args:  minArgs(1),
}

func (o *ingestOptions) addFlags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.kind, "kind", "", "input kind: regions, indicators, microdata or programs (default: detect by header)")
	cmd.Flags().StringVar(&o.sheet, "sheet", "", "XLSX sheet name (default: the first visible sheet)")
	cmd.Flags().StringVar(&o.decimal, "decimal", "auto", "number format: auto, comma (1.234,5) or point (1234.5)")
	cmd.Flags().BoolVar(&o.strict, "strict", false, "all or nothing: load no row of a file that has a rejected row")
	if !o.dryRun { // validate loads nothing: no batch to name
		cmd.Flags().StringVar(&o.survey, "survey", "", `survey and round of the files' records, e.g. "Susenas Maret 2023": the source of their estimates`)
	}
}

// run loads (or, with o.dryRun, validates) files, regions first; it prints the first
// problems on stderr and one summary line per file on stdout.
func (o *ingestOptions) run(ctx context.Context, env *Env, files []string) error {
	switch o.kind {
	case "", "regions", "indicators", "microdata", "programs":
	default:
		return usageError{fmt.Errorf("--kind %q: expected regions, indicators, microdata or programs", o.kind)}
	}
	switch o.decimal {
	case "", "auto", "comma", "point":
	default:
		return usageError{fmt.Errorf("--decimal %q: expected auto, comma or point", o.decimal)}
	}
	w, err := env.OpenWarehouse(ctx)
	if err != nil {
		return err
	}
	defer w.Close()
	opts := ingest.Options{Kind: o.kind, Sheet: o.sheet, Decimal: o.decimal, Strict: o.strict, DryRun: o.dryRun,
		Progress: env.Stderr, Now: env.Now, Logger: env.Logger, Survey: o.survey}
	failed, rejected := 0, false
	err = ingest.LoadFiles(ctx, w.DB, files, opts, func(res ingest.Result, err error) {
		if err != nil {
			failed++
			fmt.Fprintf(env.Stderr, "setara: %v\n", err)
			return
		}
		reportResult(env.Stdout, env.Stderr, res)
		if res.Rejected > 0 {
			rejected = true
		}
	})
	if err != nil {
		return err
	}
	switch {
	case failed > 0:
		return &ExitError{Code: ExitFailure, Err: fmt.Errorf("%d of %d file(s) failed", failed, len(files))}
	case rejected:
		return &ExitError{Code: ExitRejected}
	}
	return nil
}

func reportResult(stdout, stderr io.Writer, res ingest.Result) {
	if len(res.Ignored) > 0 {
		fmt.Fprintf(stderr, "%s: ignoring extra column(s): %v\n", res.File, res.Ignored)
	}
	for i, p := range res.Problems {
		if i == printedProblems {
			break
		}
		fmt.Fprintln(stderr, p.String())
	}
	if more := res.Rejected - int64(min(len(res.Problems), printedProblems)); more > 0 {
		fmt.Fprintf(stderr, "... and %d more rejected rows (see rejected_rows)\n", more)
	}
	fmt.Fprintln(stdout, res.Summary())
}
