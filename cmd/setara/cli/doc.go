// Package cli builds the setara command tree. Each command is its help text and an options
// type that binds its flags and runs with the Env (streams, logger, clock, environment);
// newCommand builds the cobra command from the two, so tests can run commands without globals.
// Command bodies stay thin: they check flags and call the pipeline and dashboards packages.
//
// It belongs to the binary (cmd/setara/); only cmd/setara imports it.
package cli
