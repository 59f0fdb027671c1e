package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/setara-pug/setara/dashboards/analyst"
)

// queryOptions are the flags of `setara query`.
type queryOptions struct {
	Format  string
	Params  []string
	Timeout time.Duration
	MaxRows int
}

var queryHelp = help{
	use:   "query [--format table|csv|json] [--param VALUE]... SQL",
	short: "Run one read-only SELECT on the current published snapshot",
	long: `query runs one SELECT statement on the current published snapshot (the tables listed in
ARCHITECTURE.md: gender_index, indicator_value, gender_gap, program_summary, ...), read-only,
with no access to files. Anything but a single SELECT is refused. ? placeholders take the
--param values in order.`,
	example: `  setara query "SELECT region_code, year, value FROM gender_index WHERE index_code = 'ipg'"
  setara query --format csv --param 2023 "SELECT * FROM indicator_value WHERE year = ?"`,
	args: exactArgs(1),
}

func (o *queryOptions) addFlags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.Format, "format", "table", "output format: table, csv or json")
	cmd.Flags().StringArrayVar(&o.Params, "param", nil, "a value for the next ? placeholder (repeatable)")
	cmd.Flags().DurationVar(&o.Timeout, "timeout", analyst.DefaultTimeout, "stop the query after this long")
	cmd.Flags().IntVar(&o.MaxRows, "max-rows", analyst.DefaultMaxRows, "print at most this many rows")
}

// run guards and runs the SQL text args[0] on the current snapshot and prints the result.
func (o *queryOptions) run(ctx context.Context, env *Env, args []string) error {
	sqlText := args[0]
	switch o.Format {
	case "table", "csv", "json":
	default:
		return usageError{fmt.Errorf("--format %q: expected table, csv or json", o.Format)}
	}
	db, id, err := env.OpenSnapshot(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	params := make([]any, len(o.Params))
	for i, p := range o.Params {
		params[i] = p
	}
	res, err := analyst.Run(ctx, db, analyst.Query{SQL: sqlText, Params: params, Timeout: o.Timeout, MaxRows: o.MaxRows})
	if err != nil {
		return err
	}
	switch o.Format {
	case "csv":
		err = res.WriteCSV(env.Stdout)
	case "json":
		err = res.WriteJSON(env.Stdout, id)
	default:
		err = res.WriteTable(env.Stdout)
	}
	if err != nil {
		return fmt.Errorf("query: writing the result: %w", err)
	}
	if res.Truncated && o.Format != "table" {
		fmt.Fprintf(env.Stderr, "setara: result truncated at %d rows (--max-rows)\n", len(res.Rows))
	}
	return nil
}
