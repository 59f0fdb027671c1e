// Package testenv reads the environment variables that size the pipeline's long tests and
// benchmarks. It is imported only by _test.go files.
//
// It belongs to the write side (pipeline/), as a test helper.
package testenv
