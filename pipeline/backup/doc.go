// Package backup writes a consistent copy of a warehouse and its published snapshots, with a
// manifest of every file's size and sha256, and restores one into an empty place after
// checking it whole.
//
// It belongs to the write side (pipeline/): a backup holds the warehouse's shared lock while it
// copies, so no writer changes the files under it; readers (a server) go on reading.
package backup
