package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/setara-pug/setara/pipeline/ingest"
)

// printedProblems is how many rejected rows the commands print; all are in rejected_rows.
const printedProblems = 20

type ingestOptions struct {
	kind, sheet, decimal string
	survey               string
	strict, dryRun       bool
	// a BPS-style table's indicator, year and sex, where its title and header do not say
	indicator, sex string
	year           int
	annotate       string // validate: the annotated copy to write
}

// annotateProblems is how many problems an annotated copy marks at most.
const annotateProblems = 100_000

var ingestHelp = help{
	use:   "ingest [--kind K] [--sheet S] [--decimal auto|comma|point] [--strict] [--survey NAME] [--indicator CODE] [--year YYYY] [--sex P|L|T] FILE...",
	short: "Validate and load CSV, XLSX or Parquet files into the warehouse",
	long: "Files are recognised by their header, or by their layout for a BPS-style table (--kind table):\n" +
		"title rows, one or two header rows of years and sexes, region names in the rows, footnotes.\n" +
		"A table's indicator comes from --indicator or its title, its year from its header, --year or\n" +
		"its title, its sex from its header or --sex (default T).",
	args: minArgs(1),
}

func (o *ingestOptions) addFlags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.kind, "kind", "", "input kind: regions, indicators, microdata, programs, gbs, readiness or table (default: detect by header or layout)")
	cmd.Flags().StringVar(&o.sheet, "sheet", "", "XLSX sheet name (default: the first visible sheet)")
	cmd.Flags().StringVar(&o.decimal, "decimal", "auto", "number format: auto, comma (1.234,5) or point (1234.5)")
	cmd.Flags().BoolVar(&o.strict, "strict", false, "all or nothing: load no row of a file that has a rejected row")
	cmd.Flags().StringVar(&o.indicator, "indicator", "", "a table's indicator, a catalog code or alias (default: the one its title names)")
	cmd.Flags().IntVar(&o.year, "year", 0, "a table's year, where its header does not say (default: the one its title names)")
	cmd.Flags().StringVar(&o.sex, "sex", "", "a table's sex, P, L or T, where its header does not say (default T)")
	if o.dryRun {
		cmd.Flags().StringVar(&o.annotate, "annotate", "", "write a copy of the (one) XLSX file with every rejected cell marked and its reason noted in Indonesian")
	}
	if !o.dryRun { // validate loads nothing: no batch to name
		cmd.Flags().StringVar(&o.survey, "survey", "", `survey and round of the files' records, e.g. "Susenas Maret 2023": the source of their estimates`)
	}
}

// run loads (or, with o.dryRun, validates) files, regions first; it prints the first
// problems on stderr and one summary line per file on stdout.
func (o *ingestOptions) run(ctx context.Context, env *Env, files []string) error {
	if o.annotate != "" && len(files) != 1 {
		return usageError{fmt.Errorf("--annotate writes the copy of one file: give one XLSX file, not %d", len(files))}
	}
	switch o.kind {
	case "", "regions", "indicators", "microdata", "programs", "gbs", "readiness", "table":
	default:
		return usageError{fmt.Errorf("--kind %q: expected regions, indicators, microdata, programs, gbs, readiness or table", o.kind)}
	}
	o.sex = strings.ToUpper(o.sex)
	switch o.sex {
	case "", "P", "L", "T":
	default:
		return usageError{fmt.Errorf("--sex %q: expected P, L or T", o.sex)}
	}
	if o.year != 0 && (o.year < 1900 || o.year > 2100) {
		return usageError{fmt.Errorf("--year %d: expected a year 1900-2100", o.year)}
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
		Progress: env.Stderr, Now: env.Now, Logger: env.Logger, Indicator: o.indicator, Year: o.year, Sex: o.sex,
		Survey: o.survey}
	if o.annotate != "" {
		opts.MaxProblems = annotateProblems
	}
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
		if o.annotate != "" {
			n, err := ingest.Annotate(files[0], o.annotate, res, o.sheet)
			if err != nil {
				failed++
				fmt.Fprintf(env.Stderr, "setara: %v\n", err)
				return
			}
			fmt.Fprintf(env.Stdout, "%s: %d cell(s) marked\n", o.annotate, n)
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
