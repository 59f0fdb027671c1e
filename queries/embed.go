package queries

import "embed"

// Migrations are the versioned warehouse schema changes, NNNN_name.sql, applied in order.
//
//go:embed migrations/*.sql
var Migrations embed.FS

// Batches is the SQL of a batch's standing (pipeline/warehouse: list, retract, restore,
// quarantine).
//
//go:embed batches/*.sql
var Batches embed.FS
