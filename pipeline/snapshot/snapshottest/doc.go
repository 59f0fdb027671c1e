// Package snapshottest builds tiny published snapshots for the tests of the analyst, server and
// metrics packages: a warehouse in t.TempDir() whose schema "published" holds the fixture
// tables (fixture.sql, matching ARCHITECTURE.md), published with snapshot.Publish.
//
// It is a test helper beside pipeline/snapshot, imported only by _test.go files.
package snapshottest
