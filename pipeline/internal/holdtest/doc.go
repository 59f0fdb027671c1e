// Package holdtest runs this test binary a second time as a process that holds a warehouse
// open, as another setara would. It is imported only by _test.go files.
//
// It belongs to the write side (pipeline/), as a test helper.
package holdtest
