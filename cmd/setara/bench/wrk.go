package bench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// WrkResult is what one wrk run measured.
type WrkResult struct {
	URL         string  `json:"url"`
	Requests    int64   `json:"requests"`
	RequestsSec float64 `json:"requests_per_second"`
	P50, P99    float64 // milliseconds
	Non2xx      int64   `json:"non_2xx"`
	SocketErrs  int64   `json:"socket_errors"`
}

// wrkOptions say how to run wrk.
type wrkOptions struct {
	Path        string // the wrk binary
	Connections int
	Threads     int
	Duration    time.Duration
	Header      string // one extra request header, e.g. "Authorization: Bearer ..."
}

// runWrk runs wrk --latency against url and parses its report. A run where every request
// failed is an error: the figure would measure error pages.
func runWrk(ctx context.Context, o wrkOptions, url string) (WrkResult, error) {
	secs := max(1, int(o.Duration.Round(time.Second)/time.Second))
	args := []string{"--latency", "-t", strconv.Itoa(o.Threads), "-c", strconv.Itoa(o.Connections),
		"-d", strconv.Itoa(secs) + "s", "--timeout", "30s"}
	if o.Header != "" {
		args = append(args, "-H", o.Header)
	}
	args = append(args, url)
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, o.Path, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return WrkResult{}, fmt.Errorf("wrk %s: %w: %s", url, err, strings.TrimSpace(stderr.String()))
	}
	res, err := parseWrk(stdout.String())
	if err != nil {
		return WrkResult{}, fmt.Errorf("wrk %s: %w\n%s", url, err, stdout.String())
	}
	res.URL = url
	// A figure that includes error answers measures error pages, not the page.
	if res.Non2xx > 0 {
		return res, fmt.Errorf("wrk %s: %d of %d responses were not 2xx", url, res.Non2xx, res.Requests)
	}
	if res.Requests == 0 {
		return res, fmt.Errorf("wrk %s: no request completed", url)
	}
	return res, nil
}

// parseWrk reads the text report of wrk --latency.
func parseWrk(out string) (WrkResult, error) {
	var r WrkResult
	var have50, have99, haveRate bool
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		var err error
		switch {
		case len(f) == 2 && f[0] == "50%":
			r.P50, err = parseDuration(f[1])
			have50 = true
		case len(f) == 2 && f[0] == "99%":
			r.P99, err = parseDuration(f[1])
			have99 = true
		case f[0] == "Requests/sec:" && len(f) == 2:
			r.RequestsSec, err = strconv.ParseFloat(f[1], 64)
			haveRate = true
		case len(f) >= 2 && f[1] == "requests" && len(f) > 2 && f[2] == "in":
			r.Requests, err = strconv.ParseInt(f[0], 10, 64)
		case strings.HasPrefix(sc.Text(), "  Non-2xx or 3xx responses:"):
			r.Non2xx, err = strconv.ParseInt(f[len(f)-1], 10, 64)
		case f[0] == "Socket" && len(f) > 2 && f[1] == "errors:":
			// Socket errors: connect 0, read 0, write 0, timeout 0
			for i := 2; i+1 < len(f); i += 2 {
				n, perr := strconv.ParseInt(strings.TrimSuffix(f[i+1], ","), 10, 64)
				if perr != nil {
					return r, fmt.Errorf("socket errors %q: %w", sc.Text(), perr)
				}
				r.SocketErrs += n
			}
		}
		if err != nil {
			return r, fmt.Errorf("line %q: %w", sc.Text(), err)
		}
	}
	if !have50 || !have99 || !haveRate {
		return r, fmt.Errorf("no latency distribution or request rate in the wrk output (was --latency given?)")
	}
	return r, nil
}

// parseDuration reads wrk's durations (635.91us, 1.04ms, 2.00s, 1.50m) as milliseconds.
func parseDuration(s string) (float64, error) {
	units := []struct {
		suffix string
		ms     float64
	}{{"us", 0.001}, {"ms", 1}, {"s", 1000}, {"m", 60000}, {"h", 3600000}}
	for _, u := range units {
		if num, ok := strings.CutSuffix(s, u.suffix); ok {
			v, err := strconv.ParseFloat(num, 64)
			if err != nil {
				return 0, fmt.Errorf("duration %q: %w", s, err)
			}
			return v * u.ms, nil
		}
	}
	return 0, fmt.Errorf("duration %q: unknown unit", s)
}
