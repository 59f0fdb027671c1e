// Package warehouse opens setara's DuckDB warehouse: it creates or upgrades the schema with the
// embedded migrations of package queries, refills the reference tables from package data, and
// turns DuckDB's lock conflict into an error that names the process holding the file.
//
// The warehouse has one writer process at a time. Readers never open it: they read published
// snapshots (package snapshot).
//
// It belongs to the write side (pipeline/): it owns the warehouse file and its migrations.
package warehouse
