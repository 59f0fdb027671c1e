package cli

import "github.com/spf13/cobra"

func newValidateCmd(env *Env) *cobra.Command {
	o := &ingestOptions{dryRun: true}
	cmd := &cobra.Command{
		Use:   "validate [--kind K] [--sheet S] [--decimal auto|comma|point] [--strict] FILE...",
		Short: "Check files as ingest would, and load nothing",
		Args:  minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return ingestRun(cmd.Context(), env, o, args)
		},
	}
	addIngestFlags(cmd, o)
	return cmd
}
