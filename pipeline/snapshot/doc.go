// Package snapshot publishes the warehouse's published schema as an immutable DuckDB file and
// switches readers to it atomically; it also opens the current snapshot for reading, read-only,
// with external access disabled and configuration locked.
//
// Layout of a snapshot directory:
//
//	published/
//	  CURRENT                 name of the current snapshot file (replaced by rename)
//	  run-000012.duckdb       one immutable file per published run
//
// A snapshot is written under a temporary name, synced, renamed into place, and only then is
// CURRENT replaced (write to a temporary file, sync, rename). A crash at any point leaves
// CURRENT naming a complete snapshot.
//
// It sits between the wings: the write side (pipeline/stages) publishes snapshots with it, the
// read side (dashboards/) reads them only through it.
package snapshot
