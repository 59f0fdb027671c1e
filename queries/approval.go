package queries

import "embed"

// Approval holds the statements of candidate approval: approval/*.sql.
//
//go:embed approval
var Approval embed.FS

// Diff holds the statements comparing two published snapshots: diff/values.sql lists every
// published value with its view, key and measure; diff/changes.sql compares two such lists.
//
//go:embed diff
var Diff embed.FS
