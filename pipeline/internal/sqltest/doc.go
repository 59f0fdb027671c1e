// Package sqltest reads whole query results for the pipeline's tests, failing the test on any
// error. It is imported only by _test.go files.
//
// It belongs to the write side (pipeline/), as a test helper.
package sqltest
