package cli

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/setara-pug/setara/pipeline/snapshot"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

// Exit codes of the setara command.
const (
	ExitOK       = 0 // everything succeeded and every row was accepted
	ExitFailure  = 1 // a command failed (missing file, failed run, ...)
	ExitUsage    = 2 // bad flags or arguments
	ExitRejected = 3 // the command ran, but some rows were rejected
)

// Env is what commands get from the outside world.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Logger         *slog.Logger
	Now            func() time.Time
	Getenv         func(string) string

	dbFlag string
}

// DBPath is the warehouse path: --db, else SETARA_DB, else the default under data/.
func (e *Env) DBPath() string {
	if e.dbFlag != "" {
		return e.dbFlag
	}
	if p := e.Getenv("SETARA_DB"); p != "" {
		return p
	}
	return warehouse.DefaultPath
}

// OpenWarehouse opens the warehouse for writing.
func (e *Env) OpenWarehouse(ctx context.Context) (*warehouse.Warehouse, error) {
	return warehouse.Open(ctx, e.DBPath(), e.Now)
}

// OpenSnapshot opens the warehouse's current published snapshot read-only and returns it with
// its id ("run-000012"). The caller closes the database.
func (e *Env) OpenSnapshot(ctx context.Context) (*sql.DB, string, error) {
	path, err := snapshot.Current(warehouse.PublishedDir(e.DBPath()))
	if err != nil {
		return nil, "", err
	}
	db, err := snapshot.OpenReadOnly(ctx, path)
	if err != nil {
		return nil, "", err
	}
	return db, snapshot.ID(path), nil
}

// ExitError carries an exit code with the error that caused it. A nil Err means the command
// already reported everything and only the code matters.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

type usageError struct{ error }

// Main runs the setara command with args and returns the process exit code.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := &Env{
		Stdin:  stdin,
		Stdout: stdout,
		Stderr: stderr,
		Logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: logLevel(os.Getenv("SETARA_LOG_LEVEL"))})),
		Now:    time.Now,
		Getenv: os.Getenv,
	}
	return Execute(ctx, env, args)
}

// logLevel reads SETARA_LOG_LEVEL (debug, info, warn, error; default info). Debug adds the
// per-step timings of ingest and stages.
func logLevel(s string) slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return slog.LevelInfo
	}
	return l
}

// Execute runs the command tree with env and maps the result to an exit code.
func Execute(ctx context.Context, env *Env, args []string) int {
	root := NewRootCmd(env)
	root.SetArgs(args)
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(env.Stderr, "setara: %v\n", err)
		return ExitUsage
	}
	var xe *ExitError
	if errors.As(err, &xe) {
		if xe.Err != nil {
			fmt.Fprintf(env.Stderr, "setara: %v\n", xe.Err)
		}
		return xe.Code
	}
	fmt.Fprintf(env.Stderr, "setara: %v\n", err)
	return ExitFailure
}

// NewRootCmd builds the command tree.
func NewRootCmd(env *Env) *cobra.Command {
	root := &cobra.Command{
		Use:           "setara",
		Short:         "setara: gender-mainstreaming (PUG) data pipeline for Kota Medan",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringVar(&env.dbFlag, "db", "", "warehouse file (default $SETARA_DB or "+warehouse.DefaultPath+")")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{fmt.Errorf("%w\n%s", err, c.UsageString())}
	})
	root.AddCommand(
		newCommand(env, demoHelp, &demoOptions{}),
		newCommand(env, ingestHelp, &ingestOptions{}),
		newCommand(env, validateHelp, &ingestOptions{dryRun: true}),
		newCommand(env, runHelp, &runOptions{}),
		newCommand(env, runsHelp, &runsOptions{}),
		newCommand(env, queryHelp, &queryOptions{}),
		newCommand(env, serveHelp, &serveOptions{}),
		newCommand(env, refreshHelp, &refreshOptions{}),
		newCommand(env, dashboardsHelp, &dashboardsOptions{}),
		newCommand(env, exportHelp, &exportOptions{}),
		newCommand(env, reportHelp, &reportOptions{}),
		newCommand(env, batchesHelp, &batchesOptions{}),
		newCommand(env, retractHelp, &retractOptions{}),
		newCommand(env, restoreBatchHelp, &restoreBatchOptions{}),
		newCommand(env, approveHelp, &approveOptions{}),
		newCommand(env, rejectHelp, &rejectOptions{}),
		newCommand(env, diffHelp, &diffOptions{}),
		newCommand(env, backupHelp, &backupOptions{}),
		newCommand(env, restoreHelp, &restoreOptions{}),
		newCommand(env, templateHelp, &templateOptions{}),
		newBenchCmd(env),
	)
	return root
}

// exactArgs and minArgs turn cobra's argument errors into usage errors.
func minArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return usageError{fmt.Errorf("%s needs at least %d argument(s)\n%s", cmd.CommandPath(), n, cmd.UsageString())}
		}
		return nil
	}
}

func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usageError{fmt.Errorf("%s takes %d argument(s)\n%s", cmd.CommandPath(), n, cmd.UsageString())}
		}
		return nil
	}
}

var errNotBuilt = errors.New("this command is not built yet")
