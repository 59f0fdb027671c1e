package backup_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/setara-pug/setara/pipeline/internal/killtest"

	"github.com/setara-pug/setara/pipeline/backup"
)

// TestBackupSurvivesSIGKILL kills `setara backup` at moments spread over its run: every time,
// either no backup directory exists or a whole one that Check accepts, and the next backup
// into the same place succeeds.
func TestBackupSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test: builds setara and kills it")
	}
	tmp := t.TempDir()
	bin := killtest.Build(t)
	db := filepath.Join(tmp, "w", "setara.duckdb")
	run := func(killAfter time.Duration, args ...string) int {
		t.Helper()
		code, out := killtest.Run(t, bin, killAfter, append([]string{"--db", db}, args...)...)
		if code != 0 && code != -1 {
			t.Fatalf("%v: exit %d\n%s", args, code, out)
		}
		return code
	}
	run(0, "demo")
	backups := filepath.Join(tmp, "backups")
	// A full backup's time: the fastest of three (the first ones run colder, and kills spread
	// over a too long time would mostly come after the backup ended).
	took := time.Duration(0)
	for _, name := range []string{"first", "second", "third"} {
		start := time.Now()
		run(0, "backup", "--out", filepath.Join(backups, name))
		if d := time.Since(start); took == 0 || d < took {
			took = d
		}
	}

	killed := 0
	shares := []float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95}
	for i, share := range shares {
		out := filepath.Join(backups, fmt.Sprint("kill-", i))
		if run(time.Duration(share*float64(took)), "backup", "--out", out) == -1 {
			killed++
		}
		if _, err := os.Stat(out); err == nil {
			if _, err := backup.Check(out); err != nil {
				t.Fatalf("kill %d: a backup directory that is not whole: %v", i, err)
			}
			continue
		}
		run(0, "backup", "--out", out)
		if _, err := backup.Check(out); err != nil {
			t.Fatalf("backup after kill %d: %v", i, err)
		}
		if left, _ := filepath.Glob(filepath.Join(backups, ".*")); len(left) != 0 {
			t.Fatalf("after kill %d and a new backup, temporary directories are left: %v", i, left)
		}
	}
	if killed < len(shares)/2 {
		t.Errorf("only %d of %d backups were killed before they ended (a full one took %v)", killed, len(shares), took)
	}
}
