package cli

import (
	"context"
	"database/sql"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/setara-pug/setara/dashboards/present"
	"github.com/setara-pug/setara/data"
	"github.com/setara-pug/setara/pipeline/demo"
	"github.com/setara-pug/setara/pipeline/ingest"
	"github.com/setara-pug/setara/pipeline/stages"
)

//go:embed demo_headline.sql
var demoHeadlineSQL string

type demoOptions struct {
	persons int
	dir     string
}

var demoHelp = help{
	use:   "demo [--persons N] [--dir DIR]",
	short: "Load the bundled synthetic demo data set (Kota Medan, Sumatera Utara), run the stages and publish",
	long: "demo writes a deterministic synthetic data set (labelled \"data contoh (sintetis)\", with a few real\n" +
		"BPS figures) into DIR, loads it into the warehouse, runs the stages and publishes a snapshot.\n" +
		"Running it again reloads nothing: identical files are recognised as unchanged.",
}

func (o *demoOptions) addFlags(cmd *cobra.Command) {
	cmd.Flags().IntVar(&o.persons, "persons", demo.DefaultOptions().Persons, "synthetic survey records to generate")
	cmd.Flags().StringVar(&o.dir, "dir", "", "where to write the demo files (default: demo/ beside the warehouse file)")
}

// run writes the demo files, loads them (regions first), runs the stages and prints a
// short summary with headline figures from the published snapshot.
func (o *demoOptions) run(ctx context.Context, env *Env, _ []string) error {
	if o.persons < 0 {
		return usageError{fmt.Errorf("--persons %d: must be 0 or more", o.persons)}
	}
	dir := o.dir
	if dir == "" {
		dir = filepath.Join(filepath.Dir(env.DBPath()), "demo")
	}
	opts := demo.DefaultOptions()
	opts.Persons = o.persons
	files, err := demo.Write(ctx, dir, opts)
	if err != nil {
		return err
	}
	wh, err := env.OpenWarehouse(ctx)
	if err != nil {
		return err
	}
	defer wh.Close()

	var rejected int64
	for _, path := range files.List() {
		res, err := ingest.LoadFile(ctx, wh.DB, path, ingest.Options{Progress: env.Stderr, Now: env.Now})
		if err != nil {
			return err
		}
		reportResult(env.Stdout, env.Stderr, res)
		rejected += res.Rejected
	}
	if rejected > 0 {
		// The demo set is generated to load cleanly; a rejected row is a bug, not bad input.
		return &ExitError{Code: ExitRejected, Err: fmt.Errorf("demo: %d rows of the generated data set were rejected; nothing run", rejected)}
	}

	res, err := stages.Run(ctx, wh, stages.Options{Trigger: "demo", Demo: true, Now: env.Now, Logger: env.Logger})
	if err != nil {
		printRunResult(env.Stdout, res)
		return &ExitError{Code: ExitFailure, Err: err}
	}
	fmt.Fprintf(env.Stdout, "run %d succeeded: %d stages, %d checks, %d warning(s); published %s\n",
		res.RunID, len(res.Stages), len(res.Checks), len(res.Warnings()), res.Snapshot)

	snap, _, err := env.OpenSnapshot(ctx)
	if err != nil {
		return err
	}
	defer snap.Close()
	return printDemoHeadline(ctx, env.Stdout, snap)
}

// printDemoHeadline prints Kota Medan's latest indices and the latest year of OPD programs.
func printDemoHeadline(ctx context.Context, w io.Writer, db *sql.DB) error {
	var h headline
	err := db.QueryRowContext(ctx, demoHeadlineSQL, data.HomeRegion).Scan(&h.indexYear, &h.ipg, &h.idg, &h.ikg,
		&h.programYear, &h.opds, &h.budget, &h.responsive)
	if err != nil {
		return fmt.Errorf("demo headline: %w", err)
	}
	if !h.indexYear.Valid {
		return errors.New("demo headline: the snapshot has no gender index for Kota Medan")
	}
	fmt.Fprint(w, h.text(present.EN))
	return nil
}

// headline is the demo summary: the indices of the latest year and the latest year of programs.
type headline struct {
	indexYear, programYear sql.NullInt64
	ipg, idg, ikg          sql.NullFloat64
	opds                   int64
	budget, responsive     sql.NullFloat64
}

// text writes the headline with present's forms.
func (h headline) text(l present.Lang) string {
	out := fmt.Sprintf("Kota Medan %d: IPG %s, IDG %s, IKG %s (data contoh, sintetis)\n",
		h.indexYear.Int64, fixed(l, h.ipg, 2), fixed(l, h.idg, 2), fixed(l, h.ikg, 3))
	if h.programYear.Valid && h.budget.Valid && h.budget.Float64 > 0 {
		out += fmt.Sprintf("OPD programs %d: %d OPDs, budget %s, %s gender responsive\n",
			h.programYear.Int64, h.opds, l.RupiahCompact(h.budget.Float64), l.Percent(h.responsive.Float64/h.budget.Float64, 1))
	}
	return out
}

func fixed(l present.Lang, v sql.NullFloat64, decimals int) string {
	if !v.Valid {
		return present.Missing
	}
	return l.Num(v.Float64, decimals)
}
