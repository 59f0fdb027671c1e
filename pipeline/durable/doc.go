// Package durable writes and moves files so that a crash or a power cut at any moment leaves
// either the old file or the whole new one, never half of it: the write side of setara (the
// snapshot pointer, the refresh state, errors files, inbox moves) and every file the read side
// hands to people (reports, dashboards) go through it.
//
// A file is written under a temporary name in its own directory, flushed to disk, renamed over
// the target, and the directory is flushed so the rename itself survives.
//
// It belongs to the write side (pipeline/), and the read side uses it for the files it writes.
package durable
