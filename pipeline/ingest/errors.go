package ingest

import (
	"errors"
	"fmt"
)

// FileError is a load error for which the file is at fault: it is missing, empty, malformed,
// of an unrecognised or wrong kind, in an unreadable format, or too large to read. Loading
// the same file again fails the same way; the file must be fixed. Errors of the warehouse
// (the disk, a lock, DuckDB itself) and a cancelled context are never a FileError: loading
// the file again later may succeed.
//
// Rows rejected by the checks are not errors at all: they are Result.Rejected and
// Result.Problems.
type FileError struct {
	Path string // the file, as given to LoadFile
	Err  error  // what is wrong with it
}

// Error is "PATH: what is wrong".
func (e *FileError) Error() string { return e.Path + ": " + e.Err.Error() }

// Unwrap returns what is wrong with the file.
func (e *FileError) Unwrap() error { return e.Err }

// fileError makes the FileError of path from a message.
func fileError(path string, format string, args ...any) error {
	return &FileError{Path: path, Err: fmt.Errorf(format, args...)}
}

// atFile names path on err: a FileError stays as it is, any other error (the warehouse's)
// is wrapped as "PATH: err".
func atFile(path string, err error) error {
	var fe *FileError
	if err == nil || errors.As(err, &fe) {
		return err
	}
	return fmt.Errorf("%s: %w", path, err)
}
