// Command setara is the gender-mainstreaming (PUG) data pipeline: ingest, compute, publish, serve.
//
// It is the binary (cmd/): main only builds the command tree of cmd/setara/cli and runs it.
package main
