package report

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/setara-pug/setara/pipeline/durable"
)

// ErrNoChromium means no Chromium binary was found on PATH; the HTML and XLSX are still usable.
var ErrNoChromium = errors.New("report: Chromium not found (looked for chromium, chromium-browser, google-chrome); the PDF was not written")

// chromiumNames are the binaries RenderPDF looks for, in order.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// FindChromium returns the path of a Chromium binary on PATH, or ErrNoChromium.
func FindChromium() (string, error) {
	for _, n := range chromiumNames {
		if p, err := exec.LookPath(n); err == nil {
			return p, nil
		}
	}
	return "", ErrNoChromium
}

// RenderPDF prints the HTML file htmlPath to pdfPath with headless Chromium, using the page
// size and margins of the document's print CSS. It returns ErrNoChromium when Chromium is
// missing. ctx bounds the Chromium process.
func RenderPDF(ctx context.Context, htmlPath, pdfPath string) error {
	bin, err := FindChromium()
	if err != nil {
		return err
	}
	absHTML, err := filepath.Abs(htmlPath)
	if err != nil {
		return fmt.Errorf("report: pdf: %w", err)
	}
	absPDF, err := filepath.Abs(pdfPath)
	if err != nil {
		return fmt.Errorf("report: pdf: %w", err)
	}
	profile, err := os.MkdirTemp("", "setara-chromium-")
	if err != nil {
		return fmt.Errorf("report: pdf: %w", err)
	}
	defer os.RemoveAll(profile)
	tmp := absPDF + ".tmp"
	os.Remove(tmp)
	cmd := exec.CommandContext(ctx, bin,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+profile, "--no-pdf-header-footer",
		"--print-to-pdf="+tmp, "file://"+filepath.ToSlash(absHTML))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("report: chromium %s: %w\n%s", absHTML, err, tail(out.Bytes(), 2000))
	}
	st, err := os.Stat(tmp)
	if err != nil || st.Size() == 0 {
		os.Remove(tmp)
		return fmt.Errorf("report: chromium wrote no PDF for %s\n%s", absHTML, tail(out.Bytes(), 2000))
	}
	if err := durable.Rename(tmp, absPDF); err != nil {
		return fmt.Errorf("report: pdf: %w", err)
	}
	return nil
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}
