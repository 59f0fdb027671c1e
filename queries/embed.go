// Package queries holds setara's SQL: the warehouse migrations and the transformation stages,
// embedded in the binary. Go code runs these files; it does not assemble SQL from values.
package queries

import "embed"

// Migrations are the versioned warehouse schema changes, NNNN_name.sql, applied in order.
//
//go:embed migrations/*.sql
var Migrations embed.FS
