// Package flight serves the current published snapshot over Arrow Flight SQL, for analysts'
// own tools: Python (ADBC's Flight SQL driver, pyarrow.flight), R (adbcflightsql) and DBeaver
// (the Arrow Flight SQL JDBC driver).
//
// A Server answers what those clients ask on connect (catalogs, schemas, tables with their
// Arrow schemas, table types, SQL info), executes statements and prepared statements with
// bound parameters. Every query goes through the same guard, sandbox, timeout and row limit as
// the HTTP server's POST /api/query (package analyst on a snapshot.OpenReadOnly database), and
// its result streams from DuckDB as it is computed (a streaming result, each chunk exported to
// Arrow by DuckDB): no row is copied through Go values, the first batch leaves before the
// query has finished, and memory stays bounded whatever the result's size. A client that goes
// away mid-stream stops the query and frees its connection.
//
// Callers authenticate with the HTTP server's tokens (gRPC metadata
// "authorization: Bearer TOKEN"); only the analyst and admin roles may use the service. Without
// tokens the listener must be on a loopback address and every caller is the local analyst.
//
// It belongs to the read side (dashboards/): it reads published snapshots only, through a
// snapshot.Store.
package flight
