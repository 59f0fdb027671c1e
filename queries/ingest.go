package queries

import "embed"

// Ingest is the SQL of validated ingestion (pipeline/ingest): session macros, the landing
// readers, one check file per input kind, the accept inserts and the reject insert.
//
//go:embed ingest/*.sql
var Ingest embed.FS
