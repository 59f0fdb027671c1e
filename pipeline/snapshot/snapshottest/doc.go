// Package snapshottest builds tiny published snapshots for the tests of the analyst, server and
// metrics packages: a scratch warehouse in a temporary directory whose schema "published" holds
// the fixture tables (fixture.sql, matching ARCHITECTURE.md), published with snapshot.Publish.
// OpenScratch serves examples, which have no *testing.T; OpenCurrent opens the snapshot a
// pipeline test published.
//
// It is a test helper beside pipeline/snapshot, imported only by _test.go files.
package snapshottest
