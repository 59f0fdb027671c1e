package queries

import "embed"

// Migrations are the versioned warehouse schema changes, NNNN_name.sql, applied in order.
//
//go:embed migrations/*.sql
var Migrations embed.FS
