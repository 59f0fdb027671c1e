package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/setara-pug/setara/cmd/setara/bench"
)

// benchOptions are the flags of `setara bench`.
type benchOptions struct {
	persons     []int
	out         string
	years       int
	regencies   int
	memoryLimit string
	repeat      int
	wrk         string
	connections int
	duration    time.Duration
}

var benchHelp = help{
	use:   "bench [--persons 1000000,10000000] [--out DIR]",
	short: "Benchmark setara at national scale, each figure beside its baseline (BENCHMARKS.md)",
	long: `bench generates the national demo data set (514 kabupaten/kota, --years years, programs of
500 OPDs) for each --persons count and measures ingest, run, publish, /metrics, the pages under
wrk (idle and during a refresh), a run with and without the PUG evaluation, a retraction and
its next run, setara diff of two snapshots and the peak RSS of each step, each beside a
baseline measured in the same run. It writes DIR/report.md and DIR/report.json; generated data in DIR is reused
when the options match.`,
}

// newBenchCmd builds `setara bench` with its hidden step command.
func newBenchCmd(env *Env) *cobra.Command {
	cmd := newCommand(env, benchHelp, &benchOptions{})
	cmd.AddCommand(&cobra.Command{
		Use:    "step JSON",
		Short:  "Run one benchmark step (used by bench itself, in a child process)",
		Hidden: true,
		Args:   exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return bench.StepMain(cmd.Context(), args, env.Stdin, env.Stdout)
		},
	})
	return cmd
}

func (o *benchOptions) addFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.IntSliceVar(&o.persons, "persons", []int{1_000_000}, "persons counts, comma separated (e.g. 1000000,10000000)")
	f.StringVar(&o.out, "out", "bench-out", "directory for data sets, scratch warehouses and the report")
	f.IntVar(&o.years, "years", 10, "years of data, ending in 2024")
	f.IntVar(&o.regencies, "regencies", 0, "kabupaten/kota in the data (0 = all 514), to see how costs grow with regions")
	f.StringVar(&o.memoryLimit, "memory-limit", "1GB", `DuckDB memory_limit of every step ("" = DuckDB's default)`)
	f.IntVar(&o.repeat, "repeat", 1, "runs of each step beside its baseline, alternating; the fastest counts")
	f.StringVar(&o.wrk, "wrk", "/usr/bin/wrk", "the wrk binary")
	f.IntVar(&o.connections, "connections", 32, "wrk connections")
	f.DurationVar(&o.duration, "duration", 10*time.Second, "wrk duration of each measurement")
}

// run checks the flags, runs the benchmark with this binary as the step command and
// prints the markdown report.
func (o *benchOptions) run(ctx context.Context, env *Env, _ []string) error {
	if len(o.persons) == 0 {
		return usageError{fmt.Errorf("--persons: give at least one count")}
	}
	for _, p := range o.persons {
		if p < 1 {
			return usageError{fmt.Errorf("--persons %d: must be at least 1", p)}
		}
	}
	if o.years < 1 || o.years > 30 {
		return usageError{fmt.Errorf("--years %d: must be 1 to 30", o.years)}
	}
	if o.regencies < 0 || o.regencies > 514 {
		return usageError{fmt.Errorf("--regencies %d: must be 1 to 514 (0 = all)", o.regencies)}
	}
	if o.repeat < 1 {
		return usageError{fmt.Errorf("--repeat %d: must be at least 1", o.repeat)}
	}
	if o.connections < 1 {
		return usageError{fmt.Errorf("--connections %d: must be at least 1", o.connections)}
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	var years []int
	for y := 2024 - o.years + 1; y <= 2024; y++ {
		years = append(years, y)
	}
	rep, err := bench.Run(ctx, bench.Options{
		Persons: o.persons, Out: o.out, Years: years, Regencies: o.regencies, MemoryLimit: o.memoryLimit, Repeat: o.repeat,
		Wrk: o.wrk, Connections: o.connections, WrkDuration: o.duration,
		Command: []string{exe, "bench", "step"}, CommandLine: "setara " + strings.Join(os.Args[1:], " "),
		Logger: env.Logger, Now: env.Now,
	})
	if err != nil {
		return err
	}
	if err := rep.WriteMarkdown(env.Stdout); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "setara: wrote %s and %s\n", filepath.Join(o.out, bench.ReportMarkdown), filepath.Join(o.out, bench.ReportJSON))
	return nil
}
