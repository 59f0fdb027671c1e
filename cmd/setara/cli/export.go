package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/setara-pug/setara/pipeline/snapshot"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

type exportOptions struct {
	out, format string
}

var exportHelp = help{
	use:   "export --out DIR [--format csv|parquet]",
	short: "Write every published view of the current snapshot to DIR as CSV or Parquet files",
}

func (o *exportOptions) addFlags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.out, "out", "", "directory to write TABLE.csv or TABLE.parquet into (required)")
	cmd.Flags().StringVar(&o.format, "format", "csv", "csv or parquet")
}

func (o *exportOptions) run(ctx context.Context, env *Env, _ []string) error {
	if o.out == "" {
		return usageError{fmt.Errorf("export: --out is required")}
	}
	if o.format != "csv" && o.format != "parquet" {
		return usageError{fmt.Errorf("export: --format %q: expected csv or parquet", o.format)}
	}
	path, err := snapshot.Current(warehouse.PublishedDir(env.DBPath()))
	if err != nil {
		return err
	}
	files, err := snapshot.Export(ctx, path, o.out, o.format)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "exported %d tables of %s to %s\n", len(files), snapshot.ID(path), o.out)
	return nil
}
