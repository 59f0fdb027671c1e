package snapshot

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// DiskFullError says the disk holding the published directory has no room for a snapshot.
// The current snapshot is unchanged when Publish returns it.
type DiskFullError struct {
	Dir  string // the directory the snapshot was being written to
	Free uint64 // bytes free there when the error was noticed
	Need uint64 // bytes a snapshot needs, estimated from the newest one (0: unknown)
	Err  error  // what the write said, if the copy got that far
}

func (e *DiskFullError) Error() string {
	need := "more than is free"
	if e.Need > 0 {
		need = "about " + megabytes(e.Need)
	}
	return fmt.Sprintf("the disk holding %s is full: %s free, a snapshot needs %s; free some space "+
		"(old backups, files beside it) and run again; the current snapshot is unchanged",
		e.Dir, megabytes(e.Free), need)
}

func (e *DiskFullError) Unwrap() error { return e.Err }

func megabytes(b uint64) string { return fmt.Sprintf("%.1f MB", float64(b)/1e6) }

// FreeBytes is the space available to this process on the file system holding dir.
func FreeBytes(dir string) (uint64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, fmt.Errorf("free space of %s: %w", dir, err)
	}
	return st.Bavail * uint64(st.Bsize), nil
}

// headroom is the share a new snapshot may grow over the newest one, in percent: a run adds
// rows, and DuckDB writes the copy's log before it checkpoints.
const headroom = 25

// Needed estimates the bytes a new snapshot needs: the newest snapshot in dir (published or
// candidate) plus headroom; 0 when there is none yet.
func Needed(dir string) uint64 {
	var newest os.FileInfo
	for _, pattern := range []string{"run-*.duckdb", candidatesDir + "/run-*.duckdb"} {
		files, _ := filepath.Glob(filepath.Join(dir, pattern))
		for _, f := range files {
			fi, err := os.Stat(f)
			if err == nil && (newest == nil || filepath.Base(f) > newest.Name()) {
				newest = fi
			}
		}
	}
	if newest == nil {
		return 0
	}
	return uint64(newest.Size()) * (100 + headroom) / 100
}

// checkSpace refuses to start a copy that cannot fit.
func checkSpace(dir string, need uint64) error {
	if need == 0 {
		return nil
	}
	free, err := FreeBytes(dir)
	if err != nil {
		return nil // a file system that cannot say: let the write tell
	}
	if free < need {
		return &DiskFullError{Dir: dir, Free: free, Need: need}
	}
	return nil
}

// diskFull turns a write error that comes from a full disk into a DiskFullError; DuckDB's
// own wording of it ("No space left on device", or a failed checkpoint on detach) names no
// disk and no size.
func diskFull(dir string, need uint64, err error) error {
	msg := err.Error()
	if !errors.Is(err, syscall.ENOSPC) && !strings.Contains(msg, "No space left on device") &&
		!strings.Contains(msg, "CHECKPOINT during DETACH failed") && !strings.Contains(msg, "disk quota exceeded") {
		return err
	}
	free, _ := FreeBytes(dir)
	return &DiskFullError{Dir: dir, Free: free, Need: need, Err: err}
}
