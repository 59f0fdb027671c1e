package cli

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/setara-pug/setara/dashboards/diff"
	"github.com/setara-pug/setara/dashboards/present"
	"github.com/setara-pug/setara/pipeline/approval"
	"github.com/setara-pug/setara/pipeline/snapshot"
	"github.com/setara-pug/setara/pipeline/stages"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

// printCandidate says what to do with a candidate run.
func printCandidate(w io.Writer, runID int64) {
	fmt.Fprintf(w, "run %d is a candidate: readers still see the current snapshot; compare with `setara diff --to %d`, then `setara approve %d` or `setara reject %d --reason TEXT`\n",
		runID, runID, runID, runID)
}

// decider is who decides: $USER, else the process account.
func decider(env *Env) string {
	if u := env.Getenv("USER"); u != "" {
		return u
	}
	return approval.ProcessUser()
}

func runIDArg(arg string) (int64, error) {
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id < 1 {
		return 0, usageError{fmt.Errorf("run id %q: expected a run number such as 12 (see `setara runs`)", arg)}
	}
	return id, nil
}

type approveOptions struct {
	reason string
	keep   int
}

var approveHelp = help{
	use:   "approve RUN_ID [--reason TEXT]",
	short: "Make a candidate snapshot current (recorded with who, when and why)",
	args:  exactArgs(1),
}

func (o *approveOptions) addFlags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.reason, "reason", "", "why it is approved (optional)")
	cmd.Flags().IntVar(&o.keep, "keep", stages.DefaultKeep, "published snapshots to keep")
}

func (o *approveOptions) run(ctx context.Context, env *Env, args []string) error {
	id, err := runIDArg(args[0])
	if err != nil {
		return err
	}
	w, err := env.OpenWarehouse(ctx)
	if err != nil {
		return err
	}
	defer w.Close()
	d, err := approval.Approve(ctx, w, id, approval.Options{By: decider(env), Reason: o.reason, Keep: o.keep, Now: env.Now})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "run %d approved by %s at %s; %s is current\n", id, d.DecidedBy, d.DecidedAt.UTC().Format(time.DateTime), snapshot.Name(id))
	return nil
}

type rejectOptions struct{ reason string }

var rejectHelp = help{
	use:   "reject RUN_ID --reason TEXT",
	short: "Set a candidate snapshot aside; the current snapshot stays (recorded with who, when and why)",
	args:  exactArgs(1),
}

func (o *rejectOptions) addFlags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.reason, "reason", "", "why it is rejected (required)")
}

func (o *rejectOptions) run(ctx context.Context, env *Env, args []string) error {
	id, err := runIDArg(args[0])
	if err != nil {
		return err
	}
	if o.reason == "" {
		return usageError{errors.New("reject needs --reason TEXT: say why the candidate is not published")}
	}
	w, err := env.OpenWarehouse(ctx)
	if err != nil {
		return err
	}
	defer w.Close()
	d, err := approval.Reject(ctx, w, id, approval.Options{By: decider(env), Reason: o.reason, Now: env.Now})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "run %d rejected by %s at %s: %s; the current snapshot is unchanged\n", id, d.DecidedBy, d.DecidedAt.UTC().Format(time.DateTime), d.Reason)
	return nil
}

type diffOptions struct {
	from, to int64
	format   string
}

var diffHelp = help{
	use:   "diff [--from RUN_ID] [--to RUN_ID] [--format table|csv]",
	short: "List every published value that changed between two snapshots, largest changes first",
	long: `diff compares two snapshots value by value: published view, key, measure, old value, new
value and difference, largest changes first (values that appeared or vanished first of all).
By default it compares the current snapshot with the newest candidate waiting for approval.`,
}

func (o *diffOptions) addFlags(cmd *cobra.Command) {
	cmd.Flags().Int64Var(&o.from, "from", 0, "run whose snapshot is the old side (default: the current snapshot)")
	cmd.Flags().Int64Var(&o.to, "to", 0, "run whose snapshot is the new side (default: the newest candidate)")
	cmd.Flags().StringVar(&o.format, "format", "table", "output format: table or csv")
}

func (o *diffOptions) run(ctx context.Context, env *Env, _ []string) error {
	if o.format != "table" && o.format != "csv" {
		return usageError{fmt.Errorf("--format %q: expected table or csv", o.format)}
	}
	oldPath, newPath, err := o.sides(env)
	if err != nil {
		return err
	}
	changes, err := diff.Compare(ctx, oldPath, newPath)
	if err != nil {
		return err
	}
	if o.format == "csv" {
		return writeDiffCSV(env.Stdout, changes)
	}
	fmt.Fprintf(env.Stdout, "%s -> %s: %d value(s) changed\n", snapshot.ID(oldPath), snapshot.ID(newPath), len(changes))
	printDiff(env.Stdout, changes)
	return nil
}

// sides resolves --from and --to to snapshot files.
func (o *diffOptions) sides(env *Env) (string, string, error) {
	dir := warehouse.PublishedDir(env.DBPath())
	oldPath, err := snapshot.Current(dir)
	if o.from > 0 {
		oldPath, err = snapshot.Locate(dir, o.from)
	}
	if err != nil {
		return "", "", err
	}
	if o.to == 0 {
		newPath, _, err := snapshot.Waiting(dir)
		if errors.Is(err, snapshot.ErrNoCandidate) {
			err = errors.New("no candidate newer than the current snapshot is waiting for approval: give --to RUN_ID, or run `setara run --candidate`")
		}
		return oldPath, newPath, err
	}
	newPath, err := snapshot.Locate(dir, o.to)
	return oldPath, newPath, err
}

func number(v *float64) string {
	if v == nil {
		return "-"
	}
	return present.EN.Num(*v, 3)
}

func printDiff(w io.Writer, changes []diff.Change) {
	if len(changes) == 0 {
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "VIEW\tKEY\tMEASURE\tOLD\tNEW\tDIFFERENCE\t")
	for _, c := range changes {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", c.View, c.Key, c.Measure, number(c.Old), number(c.New), number(c.Difference))
	}
	tw.Flush()
}

func writeDiffCSV(w io.Writer, changes []diff.Change) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"view", "key", "measure", "old", "new", "difference"})
	raw := func(v *float64) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'g', -1, 64)
	}
	for _, c := range changes {
		cw.Write([]string{c.View, c.Key, c.Measure, raw(c.Old), raw(c.New), raw(c.Difference)})
	}
	cw.Flush()
	return cw.Error()
}
