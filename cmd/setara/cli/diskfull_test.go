//go:build linux

package cli

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/setara-pug/setara/pipeline/refresh"
	"github.com/setara-pug/setara/pipeline/snapshot"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

// smallDisk mounts a tmpfs of size bytes as the published directory of db (published/ is a
// link to it), unmounted when the test ends. size may be changed with remount.
func smallDisk(t *testing.T, db, size string) (mount string, remount func(size string)) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a small file system needs root (scripts/test runs as root in CI)")
	}
	mount = filepath.Join(t.TempDir(), "small")
	if err := os.Mkdir(mount, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", mount, "tmpfs", 0, "size="+size); errors.Is(err, syscall.EPERM) {
		t.Skipf("this container may not mount (%v); TestSpaceCheckAndFullDiskWording covers the check and the wording", err)
	} else if err != nil {
		t.Fatalf("mount a %s tmpfs at %s: %v", size, mount, err)
	}
	t.Cleanup(func() { syscall.Unmount(mount, syscall.MNT_DETACH) })
	if err := os.Symlink(mount, warehouse.PublishedDir(db)); err != nil {
		t.Fatal(err)
	}
	return mount, func(size string) {
		t.Helper()
		if err := syscall.Mount("tmpfs", mount, "tmpfs", syscall.MS_REMOUNT, "size="+size); err != nil {
			t.Fatalf("remount %s with %s: %v", mount, size, err)
		}
	}
}

// TestFullDiskKeepsTheSnapshotAndSaysSo publishes onto a file system too small for a snapshot:
// first with none yet (the copy itself fails), then beside a current one (the free-space check
// refuses before copying). Each time the message names the full disk and the size, the current
// snapshot is unchanged, nothing half-written stays, and a run after space is freed publishes.
func TestFullDiskKeepsTheSnapshotAndSaysSo(t *testing.T) {
	if testing.Short() {
		t.Skip("mounts a tmpfs")
	}
	s := newSession(t)
	mount, remount := smallDisk(t, s.db, "1m")
	f := filepath.Join(t.TempDir(), "ahh.csv")
	writeTestFile(t, f, "region_code,year,indicator,sex,value\n1275,2024,life_expectancy,P,74.5\n")
	if code := s.run("ingest", f); code != ExitOK {
		t.Fatalf("ingest: %d %s", code, s.errOut.String())
	}
	leftovers := func() []string {
		names, _ := filepath.Glob(filepath.Join(mount, "*"))
		return names
	}

	s.errOut.Reset()
	if code := s.run("run"); code == ExitOK {
		t.Fatal("run onto a 1 MB disk succeeded")
	}
	if msg := s.errOut.String(); !strings.Contains(msg, "the disk holding "+warehouse.PublishedDir(s.db)+" is full") ||
		!strings.Contains(msg, "MB free") || strings.Contains(msg, "CHECKPOINT") || strings.Contains(msg, "IO Error") {
		t.Errorf("message of the full disk:\n%s", msg)
	}
	if got := leftovers(); len(got) != 0 {
		t.Errorf("the failed publish left %v", got)
	}

	remount("20m")
	if code := s.run("run"); code != ExitOK {
		t.Fatalf("run after the disk grew: %d %s", code, s.errOut.String())
	}
	cur, err := snapshot.Current(warehouse.PublishedDir(s.db))
	if err != nil || snapshot.ID(cur) != "run-000002" {
		t.Fatalf("current after recovery: %v %v", cur, err)
	}
	size := fileSize(t, cur)

	// Leave less room than a snapshot needs (its size plus a quarter).
	free, err := snapshot.FreeBytes(mount)
	if err != nil {
		t.Fatal(err)
	}
	filler := filepath.Join(mount, "filler")
	if err := os.WriteFile(filler, make([]byte, free-uint64(size)), 0o644); err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	rf := refresh.New(refresh.Options{DBPath: s.db, Registry: reg})
	defer rf.Close()
	gauges := gather(t, reg)
	if need := gauges["setara_snapshot_needed_bytes"]; need != float64(size*5/4) {
		t.Errorf("setara_snapshot_needed_bytes = %v, want %d (the snapshot's %d bytes and a quarter)", need, size*5/4, size)
	}
	if free := gauges["setara_published_free_bytes"]; free <= 0 || free >= gauges["setara_snapshot_needed_bytes"] {
		t.Errorf("setara_published_free_bytes = %v, want above 0 and below the need %v", free, gauges["setara_snapshot_needed_bytes"])
	}

	s.errOut.Reset()
	if code := s.run("run"); code == ExitOK {
		t.Fatal("run beside a full disk succeeded")
	}
	if msg := s.errOut.String(); !strings.Contains(msg, "is full") || !strings.Contains(msg, "a snapshot needs about") {
		t.Errorf("message of the free-space check:\n%s", msg)
	}
	if cur, _ := snapshot.Current(warehouse.PublishedDir(s.db)); snapshot.ID(cur) != "run-000002" {
		t.Errorf("current after the refused publish: %s", cur)
	}
	if got := leftovers(); len(got) != 3 { // CURRENT, filler, run-000002.duckdb
		t.Errorf("files on the small disk: %v", got)
	}
	os.Remove(filler)
	if code := s.run("run"); code != ExitOK {
		t.Fatalf("run after freeing space: %d %s", code, s.errOut.String())
	}
	if cur, _ := snapshot.Current(warehouse.PublishedDir(s.db)); snapshot.ID(cur) != "run-000004" {
		t.Errorf("current after freeing space: %s", cur)
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// gather is the value of every unlabelled gauge in reg.
func gather(t *testing.T, reg *prometheus.Registry) map[string]float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, mf := range mfs {
		if m := mf.GetMetric(); len(m) == 1 && m[0].GetGauge() != nil {
			out[mf.GetName()] = m[0].GetGauge().GetValue()
		}
	}
	return out
}
