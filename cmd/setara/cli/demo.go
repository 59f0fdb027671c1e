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

func newDemoCmd(env *Env) *cobra.Command {
	o := &demoOptions{}
	cmd := &cobra.Command{
		Use:   "demo [--persons N] [--dir DIR]",
		Short: "Load the bundled synthetic demo data set (Kota Medan, Sumatera Utara), run the stages and publish",
		Long: "demo writes a deterministic synthetic data set (labelled \"data contoh (sintetis)\", with a few real\n" +
			"BPS figures) into DIR, loads it into the warehouse, runs the stages and publishes a snapshot.\n" +
			"Running it again reloads nothing: identical files are recognised as unchanged.",
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return demoRun(cmd.Context(), env, o)
		},
	}
	cmd.Flags().IntVar(&o.persons, "persons", demo.DefaultOptions().Persons, "synthetic survey records to generate")
	cmd.Flags().StringVar(&o.dir, "dir", "", "where to write the demo files (default: demo/ beside the warehouse file)")
	return cmd
}

// demoRun writes the demo files, loads them (regions first), runs the stages and prints a
// short summary with headline figures from the published snapshot.
func demoRun(ctx context.Context, env *Env, o *demoOptions) error {
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
	var indexYear, programYear sql.NullInt64
	var ipg, idg, ikg, budget, responsive sql.NullFloat64
	var opds int64
	err := db.QueryRowContext(ctx, demoHeadlineSQL, data.HomeRegion).Scan(&indexYear, &ipg, &idg, &ikg, &programYear, &opds, &budget, &responsive)
	if err != nil {
		return fmt.Errorf("demo headline: %w", err)
	}
	if !indexYear.Valid {
		return errors.New("demo headline: the snapshot has no gender index for Kota Medan")
	}
	fmt.Fprintf(w, "Kota Medan %d: IPG %s, IDG %s, IKG %s (data contoh, sintetis)\n",
		indexYear.Int64, fixed(ipg, 2), fixed(idg, 2), fixed(ikg, 3))
	if programYear.Valid && budget.Valid && budget.Float64 > 0 {
		fmt.Fprintf(w, "OPD programs %d: %d OPDs, budget Rp %.1f billion, %.1f%% gender responsive\n",
			programYear.Int64, opds, budget.Float64/1e9, 100*responsive.Float64/budget.Float64)
	}
	return nil
}

func fixed(v sql.NullFloat64, decimals int) string {
	if !v.Valid {
		return "-"
	}
	return fmt.Sprintf("%.*f", decimals, v.Float64)
}
