//go:build linux

package refresh

import (
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// threadNice is the nice value of the calling goroutine's current thread.
func threadNice(t *testing.T) int {
	t.Helper()
	p, err := syscall.Getpriority(syscall.PRIO_PROCESS, syscall.Gettid())
	if err != nil {
		t.Fatal(err)
	}
	return 20 - p
}

// tasksAt counts the process's threads whose nice value is nice (/proc/self/task/*/stat,
// field 19), leaving out the thread skip and the main thread: the Go runtime cannot end the
// main thread, so when a goroutine exits locked to it, it parks the thread for good instead
// (runtime.mexit), and it never runs Go code again.
func tasksAt(t *testing.T, nice, skip int) int {
	t.Helper()
	dirs, err := os.ReadDir("/proc/self/task")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range dirs {
		if tid, _ := strconv.Atoi(d.Name()); tid == os.Getpid() || tid == skip {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc/self/task", d.Name(), "stat"))
		if err != nil {
			continue // the thread ended meanwhile
		}
		// The command name, in parentheses, may hold spaces: count fields after it.
		fields := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
		if v, err := strconv.Atoi(fields[16]); err == nil && v == nice {
			n++
		}
	}
	return n
}

// Niced runs fn on a thread of its own at a higher nice value; DuckDB's worker threads of an
// instance opened there take the same value; the thread is gone afterwards, and the caller's
// thread keeps its value.
func TestNicedLowersThePriorityOfFnAndItsDuckDBThreads(t *testing.T) {
	base := threadNice(t)
	if base+3 > 19 {
		t.Fatalf("the test process already runs at nice %d", base)
	}
	if n := tasksAt(t, base+3, 0); n != 0 {
		t.Fatalf("%d threads at nice %d before the call", n, base+3)
	}
	var inside, duckdbThreads int
	var ferr error
	err := Niced(3, func() {
		inside = threadNice(t)
		db, err := sql.Open("duckdb", "?threads=4")
		if err != nil {
			ferr = err
			return
		}
		defer db.Close()
		if _, err := db.Exec("SELECT sum(range) FROM range(10000000)"); err != nil {
			ferr = err
			return
		}
		duckdbThreads = tasksAt(t, base+3, syscall.Gettid()) // all but fn's own
	})
	if err != nil || ferr != nil {
		t.Fatalf("Niced: %v; fn: %v", err, ferr)
	}
	if inside != base+3 {
		t.Errorf("fn ran at nice %d, want %d (%d + 3)", inside, base+3, base)
	}
	if duckdbThreads < 3 {
		t.Errorf("%d other threads at nice %d while DuckDB ran on 4 threads, want its 3 workers", duckdbThreads, base+3)
	}
	if got := threadNice(t); got != base {
		t.Errorf("the caller's thread at nice %d after the call, want %d", got, base)
	}
	// The locked thread exits after fn's goroutine ends; wait for it (no bound on speed).
	deadline := time.Now().Add(10 * time.Second)
	for tasksAt(t, base+3, 0) != 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := tasksAt(t, base+3, 0); n != 0 {
		t.Errorf("%d threads still at nice %d after the call: the niced thread went back to the pool", n, base+3)
	}

	ran := false
	if err := Niced(0, func() { ran, inside = true, threadNice(t) }); err != nil || !ran || inside != base {
		t.Errorf("Niced(0): err %v, ran %v at nice %d; want fn run at the caller's nice %d", err, ran, inside, base)
	}
}

// A refresh's load and stages run at the nice value Options.Nice adds.
func TestRefreshRunsAtItsNice(t *testing.T) {
	base := threadNice(t)
	for _, add := range []int{0, 4} {
		loaded, staged := probeRefresh(t, Options{Nice: add}, func(*sql.DB) int { return threadNice(t) })
		if want := base + add; loaded != want || staged != want {
			t.Errorf("Nice %d: the load ran at nice %d, the stages at %d; want %d", add, loaded, staged, want)
		}
	}
}
