package web

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// axeVersion is the axe-core release the accessibility test runs; scripts/test installs it
// with npm into .cache/axe when it is missing.
const axeVersion = "4.10.2"

// axePages are the pages the accessibility test checks: every page of the dashboard, the
// Wilayah map at both levels and for an indicator (with a caution mark and a mixed gap), a
// message page and the HTML report.
var axePages = []string{
	"/", "/wilayah", "/wilayah?region=12", "/wilayah?indicator=labour_force_participation&year=2023",
	"/indikator", "/program", "/evaluasi", "/unggah", "/asal?index=ipg&region=1275&year=2023", "/data", "/laporan?year=2023", "/tidak-ada",
}

// axeViolation is one failed axe rule with a few of the elements that fail it.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// TestAccessibilityAxe runs axe-core (WCAG 2.0 and 2.1, levels A and AA) in real headless
// Chromium on every page, in both languages, at desktop and phone widths. A serious or
// critical violation fails the test; moderate and minor ones are logged.
func TestAccessibilityAxe(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: needs Chromium and axe-core; the full run (./scripts/test) fails without them")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("chromium is required for this test: %v", err)
	}
	axe, err := os.ReadFile(axePath(t))
	if err != nil {
		t.Fatalf("axe-core %s is required for this test (scripts/test installs it: npm install --prefix .cache/axe axe-core@%s): %v", axeVersion, axeVersion, err)
	}
	srv := httptest.NewServer(asContributor(NewHandler(fixtureStore(t, fixtureOptions{demo: true}), Options{Now: fixedNow, Logger: testLogger(t), MaxUpload: 20 << 20})))
	defer srv.Close()
	b := startCDP(t)
	// The audit can fail: a page with an image without text and no language has a critical
	// and a serious violation.
	bad, err := b.axe(375, 812, "data:text/html,<title>x</title><img src=x.png>", string(axe))
	if err != nil {
		t.Fatal(err)
	}
	if ids := violationIDs(bad); !strings.Contains(ids, "image-alt") || !strings.Contains(ids, "html-has-lang") {
		t.Fatalf("axe-core finds %q on a page with an image without text and no language", ids)
	}
	for _, vp := range viewports {
		for _, lang := range []string{"id", "en"} {
			for _, path := range axePages {
				url := srv.URL + path
				if lang == "en" {
					url += map[bool]string{true: "&", false: "?"}[strings.Contains(path, "?")] + "lang=en"
				}
				violations, err := b.axe(vp.w, vp.h, url, string(axe))
				if err != nil {
					t.Fatalf("%s at %d px: %v", url, vp.w, err)
				}
				for _, v := range violations {
					msg := fmt.Sprintf("%s (%s, %d px): %s [%s] %s: %s", path, lang, vp.w, v.Impact, v.ID, v.Help, strings.Join(v.Nodes, " | "))
					if v.Impact == "serious" || v.Impact == "critical" {
						t.Error(msg)
					} else {
						t.Log(msg)
					}
				}
			}
		}
	}
}

func violationIDs(vs []axeViolation) string {
	var ids []string
	for _, v := range vs {
		ids = append(ids, v.ID+"("+v.Impact+")")
	}
	return strings.Join(ids, " ")
}

// axePath is $SETARA_AXE_JS, else .cache/axe/node_modules/axe-core/axe.min.js at the
// repository root.
func axePath(t *testing.T) string {
	if p := os.Getenv("SETARA_AXE_JS"); p != "" {
		return p
	}
	return filepath.Join(filepath.Dir(filepath.Dir(artifactsDir(t))), ".cache", "axe", "node_modules", "axe-core", "axe.min.js")
}

// cdp speaks the Chrome DevTools Protocol to one headless Chromium over
// --remote-debugging-pipe (commands on its fd 3, answers and events on its fd 4, each a JSON
// message ended by a NUL byte), so no WebSocket library is needed.
type cdp struct {
	t       *testing.T
	in      *os.File // to Chromium
	mu      sync.Mutex
	next    int
	waiting map[int]chan cdpMessage
	events  chan cdpMessage
	session string
}

type cdpMessage struct {
	ID     int             `json:"id"`
	Method string          `json:"method"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Message string `json:"message"`
	} `json:"error"`
}

func startCDP(t *testing.T) *cdp {
	t.Helper()
	toChrome, chromeIn, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	chromeOut, fromChrome, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, chromiumPath, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-extensions", "--hide-scrollbars", "--user-data-dir="+t.TempDir(), "--remote-debugging-pipe", "about:blank")
	cmd.ExtraFiles = []*os.File{toChrome, fromChrome} // fd 3: Chromium reads, fd 4: Chromium writes
	if err := cmd.Start(); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	toChrome.Close()
	fromChrome.Close()
	b := &cdp{t: t, in: chromeIn, waiting: map[int]chan cdpMessage{}, events: make(chan cdpMessage, 256)}
	go b.read(chromeOut)
	t.Cleanup(func() {
		chromeIn.Close()
		cancel()
		cmd.Wait()
		chromeOut.Close()
	})
	var target struct{ TargetID string }
	if err := b.call("", "Target.createTarget", map[string]any{"url": "about:blank"}, &target); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	var attached struct{ SessionID string }
	if err := b.call("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &attached); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	b.session = attached.SessionID
	for _, m := range []string{"Page.enable", "Runtime.enable"} {
		if err := b.call(b.session, m, map[string]any{}, nil); err != nil {
			t.Fatalf("chromium %s: %v", m, err)
		}
	}
	// The pages forbid inline script; the audit script is the test's, not the page's.
	if err := b.call(b.session, "Page.setBypassCSP", map[string]any{"enabled": true}, nil); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	return b
}

func (b *cdp) read(r *os.File) {
	br := bufio.NewReaderSize(r, 1<<20)
	for {
		raw, err := br.ReadBytes(0)
		if err != nil {
			b.mu.Lock()
			for id, ch := range b.waiting {
				close(ch)
				delete(b.waiting, id)
			}
			b.mu.Unlock()
			return
		}
		var m cdpMessage
		if json.Unmarshal(raw[:len(raw)-1], &m) != nil {
			continue
		}
		if m.ID == 0 {
			select {
			case b.events <- m:
			default: // nobody waits for this event
			}
			continue
		}
		b.mu.Lock()
		ch := b.waiting[m.ID]
		delete(b.waiting, m.ID)
		b.mu.Unlock()
		if ch != nil {
			ch <- m
		}
	}
}

// call sends one command (to the browser when session is "") and decodes its result.
func (b *cdp) call(session, method string, params any, result any) error {
	b.mu.Lock()
	b.next++
	id := b.next
	ch := make(chan cdpMessage, 1)
	b.waiting[id] = ch
	b.mu.Unlock()
	msg := map[string]any{"id": id, "method": method, "params": params}
	if session != "" {
		msg["sessionId"] = session
	}
	raw, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	if _, err := b.in.Write(append(raw, 0)); err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	select {
	case m, ok := <-ch:
		if !ok {
			return fmt.Errorf("%s: chromium closed the pipe", method)
		}
		if m.Error != nil {
			return fmt.Errorf("%s: %s", method, m.Error.Message)
		}
		if result != nil {
			return json.Unmarshal(m.Result, result)
		}
		return nil
	case <-time.After(90 * time.Second):
		return fmt.Errorf("%s: no answer from chromium", method)
	}
}

// axe loads url at the viewport w by h, waits for its load event, injects axe-core and
// returns the violations of the WCAG 2.0/2.1 A and AA rules.
func (b *cdp) axe(w, h int, url, axe string) ([]axeViolation, error) {
	if err := b.call(b.session, "Emulation.setDeviceMetricsOverride", map[string]any{"width": w, "height": h, "deviceScaleFactor": 1, "mobile": w < 600}, nil); err != nil {
		return nil, err
	}
	for len(b.events) > 0 {
		<-b.events
	}
	if err := b.call(b.session, "Page.navigate", map[string]any{"url": url}, nil); err != nil {
		return nil, err
	}
	deadline := time.After(60 * time.Second)
	for loaded := false; !loaded; {
		select {
		case e := <-b.events:
			loaded = e.Method == "Page.loadEventFired"
		case <-deadline:
			return nil, errors.New("the page did not load")
		}
	}
	var res struct {
		Result struct {
			Value string `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text string `json:"text"`
		} `json:"exceptionDetails"`
	}
	run := axe + `;axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]})
	  .then(r => JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
	    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}))))`
	if err := b.call(b.session, "Runtime.evaluate", map[string]any{"expression": run, "awaitPromise": true, "returnByValue": true}, &res); err != nil {
		return nil, err
	}
	if res.ExceptionDetails != nil {
		return nil, errors.New("axe-core failed: " + res.ExceptionDetails.Text)
	}
	var out []axeViolation
	if err := json.Unmarshal([]byte(res.Result.Value), &out); err != nil {
		return nil, fmt.Errorf("axe-core answer %q: %w", res.Result.Value, err)
	}
	return out, nil
}
