package cli

import "github.com/spf13/cobra"

// PLACEHOLDER: replaced by the real command.
func newRefreshCmd(env *Env) *cobra.Command {
	return &cobra.Command{Use: "refresh", Short: "not built yet", RunE: func(*cobra.Command, []string) error { return errNotBuilt }}
}
