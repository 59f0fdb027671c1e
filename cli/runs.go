package cli

import "github.com/spf13/cobra"

// PLACEHOLDER: replaced by the real command.
func newRunsCmd(env *Env) *cobra.Command {
	return &cobra.Command{Use: "runs", Short: "not built yet", RunE: func(*cobra.Command, []string) error { return errNotBuilt }}
}
