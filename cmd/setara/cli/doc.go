// Package cli builds the setara command tree. Each command is made by a constructor that takes
// the Env (streams, logger, clock, environment), so tests can run commands without globals.
// Command bodies stay thin: they parse flags and call the pipeline and dashboards packages.
//
// It belongs to the binary (cmd/setara/); only cmd/setara imports it.
package cli
