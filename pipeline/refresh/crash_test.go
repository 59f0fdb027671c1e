package refresh

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/setara-pug/setara/pipeline/internal/killtest"

	"github.com/setara-pug/setara/pipeline/demo"
	"github.com/setara-pug/setara/pipeline/internal/csvtest"
	"github.com/setara-pug/setara/pipeline/internal/testenv"
	"github.com/setara-pug/setara/pipeline/snapshot"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

// crashRows is the size of the microdata file each killed refresh loads; SETARA_CRASH_ROWS
// overrides it (the default keeps the test under about two minutes on two cores).
func crashRows(t *testing.T) int { return testenv.Int(t, "SETARA_CRASH_ROWS", 30_000) }

// child is a running `setara refresh` whose log lines the test watches.
type child struct {
	cmd    *exec.Cmd
	stdout *bytes.Buffer // read after wait
	start  time.Time
	mu     sync.Mutex
	lines  []logLine
	seen   chan logLine // every line, for whoever waits for a marker
	done   chan struct{}
}

type logLine struct {
	at   time.Duration // since start
	text string
}

func startRefresh(t *testing.T, bin, db, inbox string) *child {
	t.Helper()
	cmd := exec.Command(bin, "--db", db, "refresh", "--inbox", inbox)
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, stdout: &stdout, seen: make(chan logLine, 1000), done: make(chan struct{})}
	c.start = time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(c.done)
		defer close(c.seen)
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			l := logLine{at: time.Since(c.start), text: sc.Text()}
			c.mu.Lock()
			c.lines = append(c.lines, l)
			c.mu.Unlock()
			select {
			case c.seen <- l:
			default:
			}
		}
	}()
	return c
}

// wait returns the exit code (-1 when killed) and the log.
func (c *child) wait() (int, []logLine) {
	<-c.done
	err := c.cmd.Wait()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		code = -2
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return code, c.lines
}

func logText(lines []logLine) string {
	var b strings.Builder
	for _, l := range lines {
		fmt.Fprintf(&b, "%8.3fs %s\n", l.at.Seconds(), l.text)
	}
	return b.String()
}

// phaseOf names the phase a refresh was in after its last log line.
func phaseOf(lines []logLine) string {
	phase := "start"
	for _, l := range lines {
		switch {
		case strings.Contains(l.text, `msg="refresh: loading file"`):
			phase = "ingest"
		case strings.Contains(l.text, `msg="refresh: file loaded"`):
			phase = "move"
		case strings.Contains(l.text, `msg="refresh: running stages"`):
			phase = "stages"
		case strings.Contains(l.text, `msg="run published"`):
			phase = "close"
		case strings.Contains(l.text, `msg="refresh published"`):
			phase = "done"
		}
	}
	return phase
}

// variant writes the microdata file base into path with its header's letters in a case
// pattern given by i (ingest reads column names case-insensitively), so each copy has new
// bytes, a new sha256, and the same rows.
func variant(t *testing.T, base, path string, i int) {
	t.Helper()
	b, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	nl := bytes.IndexByte(b, '\n')
	header := []byte(string(b[:nl]))
	letter := 0
	for j, ch := range header {
		if ch >= 'a' && ch <= 'z' {
			if (i>>(letter%16))&1 == 1 {
				header[j] = ch - 'a' + 'A'
			}
			letter++
		}
	}
	out := append(header, b[nl:]...)
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
}

// knownValue reads the value of one indicator row of the demo indicators file: the value every
// snapshot must show.
func knownValue(t *testing.T, path string) (region, indicator, sex string, year int, value float64) {
	t.Helper()
	recs := csvtest.Records(t, path)
	for _, r := range recs[1:] { // region_code,year,indicator,sex,value,...
		if r[0] == "1275" && r[2] == "life_expectancy" && r[3] == "P" {
			year, _ = strconv.Atoi(r[1])
			v, err := strconv.ParseFloat(r[4], 64)
			if err != nil {
				t.Fatal(err)
			}
			return r[0], r[2], r[3], year, v
		}
	}
	t.Fatalf("%s has no life_expectancy of 1275 for P", path)
	return
}

type reader struct {
	region, indicator, sex string
	year                   int
	value                  float64
}

// check opens the current snapshot as the server would and reads the known value.
func (rd reader) check(ctx context.Context, published string) (string, error) {
	cur, err := snapshot.Current(published)
	if err != nil {
		return "", err
	}
	db, err := snapshot.OpenReadOnly(ctx, cur)
	if err != nil {
		return "", err
	}
	defer db.Close()
	var v float64
	if err := db.QueryRowContext(ctx, `SELECT value FROM indicator_value WHERE region_code = ? AND year = ? AND indicator = ? AND sex = ?`,
		rd.region, rd.year, rd.indicator, rd.sex).Scan(&v); err != nil {
		return "", fmt.Errorf("snapshot %s: %w", cur, err)
	}
	if v != rd.value {
		return "", fmt.Errorf("snapshot %s: %s %s %d %s = %v, want %v", cur, rd.region, rd.indicator, rd.year, rd.sex, v, rd.value)
	}
	return snapshot.ID(cur), nil
}

// whereIs says whether an inbox file is still in the inbox or in processed/ (and fails the
// test if it is anywhere else, or in two places).
func whereIs(t *testing.T, inbox, name string) string {
	t.Helper()
	_, errIn := os.Stat(filepath.Join(inbox, name))
	processed, _ := filepath.Glob(filepath.Join(inbox, ProcessedDir, "*", name))
	failed, _ := filepath.Glob(filepath.Join(inbox, FailedDir, "*", name))
	switch {
	case errIn == nil && len(processed)+len(failed) == 0:
		return "inbox"
	case errIn != nil && len(processed) == 1 && len(failed) == 0:
		return "processed"
	}
	t.Fatalf("%s: in inbox %v, processed %v, failed %v", name, errIn == nil, processed, failed)
	return ""
}

// batches returns, per file name, the batches the warehouse holds: status, accepted rows and
// the raw rows actually stored.
func batches(ctx context.Context, t *testing.T, db string) map[string][]string {
	t.Helper()
	w, err := warehouse.Open(ctx, db, time.Now)
	if err != nil {
		t.Fatalf("warehouse does not open: %v", err)
	}
	defer w.Close()
	rs, err := w.DB.QueryContext(ctx, `SELECT b.file_name, b.status, b.rows_accepted,
			(SELECT count(*) FROM raw_microdata r WHERE r.batch_id = b.batch_id)
		FROM batch b ORDER BY b.batch_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	out := map[string][]string{}
	for rs.Next() {
		var name, status string
		var accepted, raw int64
		if err := rs.Scan(&name, &status, &accepted, &raw); err != nil {
			t.Fatal(err)
		}
		out[name] = append(out[name], fmt.Sprintf("%s %d/%d", status, accepted, raw))
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// phases are the durations of the parts of a refresh, from its log.
type phases struct {
	open, ingest, stages, publish, close time.Duration
}

func (p phases) String() string {
	return fmt.Sprintf("open %.2fs, ingest %.2fs, stages %.2fs, commit+publish %.2fs, close %.2fs",
		p.open.Seconds(), p.ingest.Seconds(), p.stages.Seconds(), p.publish.Seconds(), p.close.Seconds())
}

// mix averages p with a newer measurement m; a refresh without a file to load says nothing of
// the ingest.
func (p phases) mix(m phases) phases {
	avg := func(a, b time.Duration) time.Duration { return (a + b) / 2 }
	out := phases{avg(p.open, m.open), p.ingest, avg(p.stages, m.stages), avg(p.publish, m.publish), avg(p.close, m.close)}
	if m.ingest > 0 {
		out.ingest = avg(p.ingest, m.ingest)
	}
	return out
}

// measure reads the phases of a complete refresh from its log lines.
func measure(lines []logLine) (phases, bool) {
	var loading, stagesAt, publishStart, publishedAt, end time.Duration
	for i, l := range lines {
		switch {
		case strings.Contains(l.text, `msg="refresh: loading file"`) && loading == 0:
			loading = l.at
		case strings.Contains(l.text, `msg="refresh: running stages"`):
			stagesAt = l.at
		case strings.Contains(l.text, `msg="run published"`):
			publishedAt = l.at
			publishStart = lines[i-1].at // the last stage or check: then commit and publish
		}
		end = l.at
	}
	if stagesAt == 0 || publishedAt == 0 {
		return phases{}, false
	}
	p := phases{stages: publishStart - stagesAt, publish: publishedAt - publishStart, close: end - publishedAt}
	if loading > 0 {
		p.open, p.ingest = loading, stagesAt-loading
	} else {
		p.open = stagesAt
	}
	return p, true
}

// TestRefreshSurvivesSIGKILL kills `setara refresh` 20 times, spread over ingest, the stages
// and publishing, and checks every time that readers still see a complete snapshot with the
// known value, that the file is in the inbox or processed and loaded whole, that the warehouse
// opens, and that the next refresh succeeds and loads what was pending.
func TestRefreshSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test: builds setara and loads a large file 40 times")
	}
	ctx := context.Background()
	tmp := t.TempDir()
	bin := killtest.Build(t)
	rows := crashRows(t)
	gen := filepath.Join(tmp, "gen")
	files, err := demo.Write(ctx, gen, demo.Options{Persons: rows, Years: []int{2024}, Seed: 11, OPDs: 40, Activities: 300})
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(tmp, "w", "setara.duckdb")
	published := warehouse.PublishedDir(db)
	inbox := filepath.Join(tmp, "inbox")
	if err := os.MkdirAll(inbox, 0o755); err != nil {
		t.Fatal(err)
	}
	var rd reader
	rd.region, rd.indicator, rd.sex, rd.year, rd.value = knownValue(t, files.Indicators)

	// The first refresh loads the indicators and programs; the second a microdata file, which
	// measures how long the phases of a refresh with a new file take.
	for _, p := range []string{files.Indicators, files.Programs} {
		variant(t, p, filepath.Join(inbox, filepath.Base(p)), 0)
	}
	if code, lines := startRefresh(t, bin, db, inbox).wait(); code != 0 {
		t.Fatalf("first refresh exit %d:\n%s", code, logText(lines))
	}
	variant(t, files.Microdata, filepath.Join(inbox, "microdata-calibration.csv"), 1)
	code, lines := startRefresh(t, bin, db, inbox).wait()
	if code != 0 {
		t.Fatalf("calibration refresh exit %d:\n%s", code, logText(lines))
	}
	est, ok := measure(lines)
	if !ok {
		t.Fatalf("calibration refresh: phases not found in its log:\n%s", logText(lines))
	}
	t.Logf("calibration with %d rows: %s", rows, est)
	before, err := rd.check(ctx, published)
	if err != nil {
		t.Fatal(err)
	}

	// Each kill waits for a log line, then for a share of a phase as last measured: every
	// refresh that follows a kill updates the estimates, so the kills follow the machine's load.
	type kill struct {
		marker string
		offset func(phases) time.Duration
		span   func(phases) time.Duration
		share  float64
	}
	var kills []kill
	plan := func(marker string, offset, span func(phases) time.Duration, shares ...float64) {
		for _, s := range shares {
			kills = append(kills, kill{marker, offset, span, s})
		}
	}
	zero := func(phases) time.Duration { return 0 }
	plan(`msg="refresh started"`, zero, func(p phases) time.Duration { return p.open }, 0, 0.5)
	plan(`msg="refresh: loading file"`, zero, func(p phases) time.Duration { return p.ingest }, 0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95)
	plan(`msg="refresh: running stages"`, zero, func(p phases) time.Duration { return p.stages }, 0.05, 0.25, 0.45, 0.65, 0.85)
	plan(`msg="refresh: running stages"`, func(p phases) time.Duration { return p.stages }, func(p phases) time.Duration { return p.publish }, 0.1, 0.4, 0.7, 0.95)
	plan(`msg="run published"`, zero, func(p phases) time.Duration { return p.close }, 0.1, 0.5)

	phases := map[string]int{}
	for i, k := range kills {
		name := fmt.Sprintf("microdata-%02d.csv", i)
		variant(t, files.Microdata, filepath.Join(inbox, name), i+2)
		c := startRefresh(t, bin, db, inbox)
		for l := range c.seen {
			if strings.Contains(l.text, k.marker) {
				break
			}
		}
		delay := k.offset(est) + time.Duration(k.share*float64(k.span(est)))
		timer := time.AfterFunc(delay, func() { c.cmd.Process.Signal(syscall.SIGKILL) })
		code, lines := c.wait()
		timer.Stop()
		phase := phaseOf(lines)
		if code != -1 {
			phase = fmt.Sprintf("finished (exit %d)", code)
		}
		phases[phase]++

		after, err := rd.check(ctx, published)
		if err != nil {
			t.Fatalf("kill %d (%s + %v, phase %s): readers: %v\n%s", i, k.marker, delay, phase, err, logText(lines))
		}
		where := whereIs(t, inbox, name)
		t.Logf("kill %2d at %s + %5.2fs: phase %-7s file in %-9s snapshot %s -> %s",
			i, k.marker, delay.Seconds(), phase, where, before, after)

		// The next refresh opens the warehouse, takes what was left and publishes. A file
		// whose load committed before the kill is "unchanged" (ingest knows it) and moves.
		next := startRefresh(t, bin, db, inbox)
		code, lines = next.wait()
		out := next.stdout.String()
		if code != 0 {
			t.Fatalf("refresh after kill %d: exit %d\n%s\n%s", i, code, out, logText(lines))
		}
		if m, ok := measure(lines); ok {
			est = est.mix(m)
		}
		took := strings.Contains(out, fmt.Sprintf("loaded     %s: microdata, %d rows", name, rows)) ||
			strings.Contains(out, fmt.Sprintf("unchanged  %s: microdata", name))
		if (where == "inbox") != took {
			t.Fatalf("after kill %d %s was in the %s; the next refresh said:\n%s", i, name, where, out)
		}
		if w := whereIs(t, inbox, name); w != "processed" {
			t.Fatalf("after the refresh following kill %d, %s is in the %s", i, name, w)
		}
		if before, err = rd.check(ctx, published); err != nil {
			t.Fatalf("after the refresh following kill %d: %v", i, err)
		}
		if before == after {
			t.Fatalf("the refresh after kill %d published nothing new (%s)", i, after)
		}
		// Keep the disk small: the loaded copy is no longer needed.
		moved, _ := filepath.Glob(filepath.Join(inbox, ProcessedDir, "*", name))
		for _, m := range moved {
			os.Remove(m)
		}
	}
	t.Logf("kills by phase: %v", phases)
	// Every file was loaded whole exactly once: a kill never left a partial batch behind.
	got := batches(ctx, t, db)
	for i := range kills {
		name := fmt.Sprintf("microdata-%02d.csv", i)
		if want := fmt.Sprintf("loaded %d/%d", rows, rows); len(got[name]) != 1 || got[name][0] != want {
			t.Errorf("%s: batches %v, want [%s]", name, got[name], want)
		}
	}
	if phases["ingest"] < 3 || phases["stages"] < 3 {
		t.Errorf("kills by phase %v: want at least 3 during ingest and 3 during the stages", phases)
	}
}
