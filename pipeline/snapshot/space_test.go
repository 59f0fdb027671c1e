package snapshot

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestSpaceCheckAndFullDiskWording covers the free-space check and the translation of a full
// disk's write errors without mounting anything (TestFullDiskKeepsTheSnapshotAndSaysSo in
// cmd/setara/cli does it on a real small file system).
func TestSpaceCheckAndFullDiskWording(t *testing.T) {
	dir := t.TempDir()
	if err := checkSpace(dir, 0); err != nil {
		t.Errorf("no estimate yet: %v", err)
	}
	if err := checkSpace(dir, 1); err != nil {
		t.Errorf("one byte does not fit on the test disk: %v", err)
	}
	var full *DiskFullError
	if err := checkSpace(dir, math.MaxUint64/2); !errors.As(err, &full) || full.Dir != dir ||
		!strings.Contains(err.Error(), "the disk holding "+dir+" is full") {
		t.Errorf("an impossible need: %v", err)
	}

	if Needed(dir) != 0 {
		t.Errorf("Needed with no snapshot = %d", Needed(dir))
	}
	if err := os.WriteFile(filepath.Join(dir, "run-000001.duckdb"), make([]byte, 4000), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := Needed(dir); got != 5000 {
		t.Errorf("Needed beside a 4,000-byte snapshot = %d, want 5000 (+25 %%)", got)
	}

	for _, cause := range []error{
		fmt.Errorf("copy: %w", syscall.ENOSPC),
		errors.New(`IO Error: Detached database 'snap', but CHECKPOINT during DETACH failed`),
		errors.New("IO Error: Could not write file: No space left on device"),
	} {
		err := diskFull(dir, 5000, cause)
		if !errors.As(err, &full) || !errors.Is(err, cause) {
			t.Errorf("%v: not a DiskFullError wrapping it: %v", cause, err)
			continue
		}
		if msg := err.Error(); strings.Contains(msg, "CHECKPOINT") || strings.Contains(msg, "IO Error") ||
			!strings.Contains(msg, "a snapshot needs about 0.0 MB") || !strings.Contains(msg, "MB free") {
			t.Errorf("%v: message %q", cause, msg)
		}
	}
	other := errors.New("Catalog Error: table x does not exist")
	if err := diskFull(dir, 5000, other); err != other {
		t.Errorf("an unrelated error was changed: %v", err)
	}
}
