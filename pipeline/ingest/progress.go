package ingest

import (
	"fmt"
	"io"
	"os"
	"time"
)

// progressDelay is how long a load runs before a progress line appears.
const progressDelay = 2 * time.Second

// startProgress draws "FILE: loading... Ns" on w while a load runs, when w is a terminal and
// the load takes longer than progressDelay. The returned stop clears the line.
func startProgress(w io.Writer, file string, now func() time.Time) (stop func()) {
	f, ok := w.(*os.File)
	if !ok {
		return func() {}
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return func() {}
	}
	start := now()
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		timer := time.NewTimer(progressDelay)
		defer timer.Stop()
		select {
		case <-done:
			return
		case <-timer.C:
		}
		tick := time.NewTicker(500 * time.Millisecond)
		defer tick.Stop()
		spin := `|/-\`
		for i := 0; ; i++ {
			fmt.Fprintf(f, "\r%s: loading %c %.0fs ", file, spin[i%len(spin)], now().Sub(start).Seconds())
			select {
			case <-done:
				fmt.Fprint(f, "\r\033[K")
				return
			case <-tick.C:
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}
