package snapshot

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/setara-pug/setara/pipeline/durable"
)

// candidatesDir holds, under the published directory, the snapshots waiting for approval.
// Readers follow only CURRENT, which never names a file in it.
const candidatesDir = "candidates"

// ErrStale means a newer snapshot than the candidate is current: approving the candidate
// would take published values back in time.
var ErrStale = errors.New("a newer snapshot is current")

// ErrNoCandidate means the run has no candidate snapshot waiting.
var ErrNoCandidate = errors.New("no candidate snapshot")

// CandidatesDir is where the candidate snapshots of the published directory dir wait.
func CandidatesDir(dir string) string { return filepath.Join(dir, candidatesDir) }

// PublishCandidate copies the published schema of conn into dir/candidates/name, the same way
// Publish does, but leaves CURRENT alone: nothing readers see changes until Approve.
func PublishCandidate(ctx context.Context, conn *sql.Conn, dir, name string) error {
	return write(ctx, conn, dir, CandidatesDir(dir), name)
}

// Locate is the path of the snapshot of runID: published, waiting as a candidate, or rejected.
func Locate(dir string, runID int64) (string, error) {
	for _, p := range []string{filepath.Join(dir, Name(runID)), filepath.Join(CandidatesDir(dir), Name(runID)),
		filepath.Join(CandidatesDir(dir), rejectedDir, Name(runID))} {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("run %d has no snapshot in %s (it failed, was pruned, or was never published)", runID, dir)
}

// RunOf is the run id of a snapshot path (run-000012.duckdb: 12), or 0.
func RunOf(path string) int64 {
	var id int64
	if _, err := fmt.Sscanf(strings.TrimPrefix(ID(path), "run-"), "%d", &id); err != nil {
		return 0
	}
	return id
}

// NotStale refuses the approval of runID when the current snapshot is newer: approving it
// would take published values back in time.
func NotStale(dir string, runID int64) error {
	if cur, err := Current(dir); err == nil && RunOf(cur) > runID {
		return fmt.Errorf("approve run %d: %w: the current snapshot %s is newer; run again with --candidate and approve that run", runID, ErrStale, ID(cur))
	}
	return nil
}

// Approve makes the candidate snapshot of runID current: it moves the file from candidates/
// into dir (one rename on one file system), switches CURRENT and prunes to keep snapshots.
// Approving again after a crash between the move and the switch finishes the switch. A
// candidate older than the current snapshot is refused: approving it would take published
// values back in time.
func Approve(dir string, runID int64, keep int) error {
	name := Name(runID)
	cand := filepath.Join(CandidatesDir(dir), name)
	final := filepath.Join(dir, name)
	if err := NotStale(dir, runID); err != nil {
		return err
	}
	if _, err := os.Stat(cand); err == nil {
		if err := durable.Rename(cand, final); err != nil {
			return fmt.Errorf("approve run %d: %w", runID, err)
		}
	} else if _, err := os.Stat(final); err != nil {
		return fmt.Errorf("approve run %d: %w in %s", runID, ErrNoCandidate, CandidatesDir(dir))
	}
	if err := durable.WriteFile(filepath.Join(dir, currentFile), []byte(name+"\n"), 0o644); err != nil {
		return fmt.Errorf("approve run %d: %w", runID, err)
	}
	return prune(dir, name, keep)
}

// rejectedDir holds, under candidates/, the candidate snapshots that were rejected: kept,
// never followed by readers, out of the way of the ones still waiting.
const rejectedDir = "rejected"

// Reject moves the candidate snapshot of runID to candidates/rejected/, where it stays.
func Reject(dir string, runID int64) error {
	cand := filepath.Join(CandidatesDir(dir), Name(runID))
	if _, err := os.Stat(cand); err != nil {
		return fmt.Errorf("reject run %d: %w in %s", runID, ErrNoCandidate, CandidatesDir(dir))
	}
	rej := filepath.Join(CandidatesDir(dir), rejectedDir)
	if err := os.MkdirAll(rej, 0o755); err != nil {
		return fmt.Errorf("reject run %d: %w", runID, err)
	}
	if err := durable.Rename(cand, filepath.Join(rej, Name(runID))); err != nil {
		return fmt.Errorf("reject run %d: %w", runID, err)
	}
	return nil
}

// Waiting is the newest candidate snapshot of dir newer than the current one, and its run:
// the one an admin may approve. It returns ErrNoCandidate when there is none.
func Waiting(dir string) (string, int64, error) {
	files, err := filepath.Glob(filepath.Join(CandidatesDir(dir), "run-*.duckdb"))
	if err != nil {
		return "", 0, err
	}
	var cur int64
	if p, err := Current(dir); err == nil {
		cur = RunOf(p)
	}
	var best string
	var bestRun int64
	for _, f := range files {
		if id := RunOf(f); id > cur && id > bestRun {
			best, bestRun = f, id
		}
	}
	if best == "" {
		return "", 0, ErrNoCandidate
	}
	return best, bestRun, nil
}
