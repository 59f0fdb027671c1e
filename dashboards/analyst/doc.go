// Package analyst runs analysts' ad-hoc SQL against a published snapshot, safely.
//
// Two layers keep a query read-only. Guard parses the text with DuckDB's own parser
// (json_serialize_sql) and accepts exactly one SELECT statement (a plain select, a set
// operation or a CTE of selects) that names no file-reading function; duckdb-go would
// otherwise run every statement of a multi-statement string. The query then runs on a
// snapshot connection opened by snapshot.OpenReadOnly (read-only file, external access
// disabled, configuration locked), with a timeout that interrupts DuckDB through the
// context and a row limit.
//
// Run returns the rows as Go values (for CSV, JSON and the aligned table of `setara query`);
// RunArrow hands an Arrow record stream to a callback (for the Arrow IPC answer of
// /api/query). Both are used by `setara query` and the server's POST /api/query; the package
// Example shows a query answered and three refused. StreamArrow, for the Flight SQL server,
// runs the query as DuckDB's streaming result on its own connection to the snapshot's
// database instance (after checking that instance's sandbox) and hands each chunk over as an
// Arrow batch while DuckDB computes the next.
//
// It belongs to the read side (dashboards/): it runs on published snapshots only.
package analyst
