package cli

import (
	"context"

	"github.com/spf13/cobra"
)

// help is what `setara CMD --help` says about a command, and the arguments it takes.
type help struct {
	use, short, long, example string
	args                      cobra.PositionalArgs // nil: no arguments
}

// options are the flags of one command and what the command does with them.
type options interface {
	// addFlags binds the options to the flags of cmd.
	addFlags(cmd *cobra.Command)
	// run does the command's work with env and its positional arguments.
	run(ctx context.Context, env *Env, args []string) error
}

// newCommand builds the command described by h whose flags fill o and which runs o with env.
func newCommand(env *Env, h help, o options) *cobra.Command {
	args := h.args
	if args == nil {
		args = exactArgs(0)
	}
	cmd := &cobra.Command{
		Use:     h.use,
		Short:   h.short,
		Long:    h.long,
		Example: h.example,
		Args:    args,
		RunE: func(cmd *cobra.Command, args []string) error {
			return o.run(cmd.Context(), env, args)
		},
	}
	o.addFlags(cmd)
	return cmd
}
