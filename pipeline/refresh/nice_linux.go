//go:build linux

package refresh

import (
	"runtime"
	"syscall"
)

// Niced runs fn on an operating-system thread of its own whose nice value is raised by nice
// (to at most 19) and waits for it, so that when readers and fn want the same cores, the
// readers' threads go first. DuckDB runs a query on the thread that calls it, and the worker
// threads of a DuckDB instance opened inside fn start with that thread's nice value (a new
// thread inherits it), so a refresh that opens the warehouse inside fn runs niced throughout.
// The thread ends with fn: its goroutine never unlocks it, and the Go runtime discards a
// thread whose goroutine exits locked to it. When the nice value cannot be raised, fn still
// runs, at the usual priority, and the error says why. nice 0 runs fn as it is.
func Niced(nice int, fn func()) error {
	if nice <= 0 {
		fn()
		return nil
	}
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread()
		err = raiseNice(nice)
		fn()
	}()
	<-done
	return err
}

// raiseNice adds n to the nice value of the calling thread. Linux's getpriority answers
// 20 - nice.
func raiseNice(n int) error {
	tid := syscall.Gettid()
	p, err := syscall.Getpriority(syscall.PRIO_PROCESS, tid)
	if err != nil {
		return err
	}
	return syscall.Setpriority(syscall.PRIO_PROCESS, tid, min(19, 20-p+n))
}
