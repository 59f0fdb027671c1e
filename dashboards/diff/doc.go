// Package diff compares two published snapshots value by value: every published view's
// values (queries/diff/values.sql) of the older snapshot against the newer one, the changes
// listed largest first. `setara diff` and the web Data page show it before an approval.
//
// It is part of the read side: it opens both snapshots read-only and never touches the
// warehouse.
package diff
