package queries

import "embed"

// Stages holds the transformation stages and the checks run between them:
//
//	stages/<layer>/NAME.sql   one stage each (layers: staging, indicators, indices, marts,
//	                          publish); header lines "-- depends: a, b" and "-- creates: schema.table"
//	stages/runner/*.sql       statements of the stage runner itself (run records), not stages
//	checks/NAME.sql           a query returning offending rows (zero rows = pass); header lines
//	                          "-- severity: blocking|warning" and "-- depends: stage, ..."
//
//go:embed stages checks
var Stages embed.FS
