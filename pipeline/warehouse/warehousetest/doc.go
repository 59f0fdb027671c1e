// Package warehousetest makes scratch warehouses for the pipeline's examples, which have no
// *testing.T: a fresh warehouse in a temporary directory of its own, on a clock that stands
// still, with the input files written beside it.
//
// It is a helper beside pipeline/warehouse, imported only by _test.go files.
//
// It belongs to the write side (pipeline/), as a test helper.
package warehousetest
