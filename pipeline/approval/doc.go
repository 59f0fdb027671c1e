// Package approval decides on candidate snapshots: a run started with --candidate publishes
// under published/candidates/, which readers never follow; Approve makes it current and
// Reject sets it aside. Every decision is a row of run_approval (who, when, why) and nothing is
// deleted: a rejected candidate's file stays under candidates/.
//
// It is part of the write side: it holds the warehouse open as a writer while it decides, so
// it never races a refresh.
package approval
