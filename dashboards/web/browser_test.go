package web

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

const chromiumPath = "/usr/bin/chromium"

// browserPages are the pages the browser test visits, with figures the rendered DOM must hold.
var browserPages = []struct {
	name, path string
	want       map[string][]string // lang -> figures
}{
	{"ringkasan", "/", map[string][]string{
		"id": {"94,75", "Kota Medan", "Sumatera Utara", "Indonesia", "0,232", "Perubahan sejak 2022"},
		"en": {"94.75", "Kota Medan", "Sumatera Utara", "Indonesia", "0.232", "Change since 2022"}}},
	{"wilayah", "/wilayah", map[string][]string{
		"id": {"96,81", "Medan Baru", "Medan Amplas"},
		"en": {"96.81", "Medan Baru", "Medan Amplas"}}},
	{"wilayah-tpak", "/wilayah?indicator=labour_force_participation&year=2023", map[string][]string{
		"id": {"57,44", "‡", "‡ estimasi survei dengan galat baku relatif 25-50 %", "◇ asal campuran"},
		"en": {"57.44", "‡", "‡ survey estimate with a relative standard error of 25-50 %", "◇ mixed origins"}}},
	{"indikator", "/indikator", map[string][]string{
		"id": {"53,25", "82,64", "0,644"},
		"en": {"53.25", "82.64", "0.644"}}},
	{"program", "/program", map[string][]string{
		"id": {"Rp 412,5 miliar", "38,3%", "Dinas Kesehatan", `<script>alert("x")</script> Dinas & "Uji"`},
		"en": {"Rp 412.5 billion", "38.3%", "Dinas Kesehatan", `<script>alert("x")</script> Dinas & "Uji"`}}},
	{"evaluasi", "/evaluasi", map[string][]string{
		"id": {"Prasyarat PUG Kota Medan", "Dinas Kesehatan", "91,7%", "belum lengkap", "Capaian penerima manfaat perempuan di bawah target", `<script>alert("x")</script> Dinas & "Uji"`},
		"en": {"Kota Medan's PUG prerequisites", "Dinas Kesehatan", "91.7%", "incomplete", "Female beneficiaries fell short of the target", `<script>alert("x")</script> Dinas & "Uji"`}}},
	{"asal", "/asal?index=ipg&region=1275&year=2023", map[string][]string{
		"id": {"Asal angka: IPG Kota Medan 2023", "94,70", "94,75"},
		"en": {"Where the number comes from: IPG Kota Medan 2023", "94.70", "94.75"}}},
	{"unggah", "/unggah", map[string][]string{
		"id": {"Unggah laporan OPD", "Akun dinkes, untuk OPD: 1.02.01 Dinas Kesehatan", "Unggah dan periksa"},
		"en": {"Upload OPD reports", "Account dinkes, for OPD: 1.02.01 Dinas Kesehatan", "Upload and check"}}},
	{"data", "/data", map[string][]string{
		"id": {"run-000001", "berhasil", "indikator_2023.csv"},
		"en": {"run-000001", "succeeded", "indikator_2023.csv"}}},
}

var viewports = []struct {
	name string
	w, h int
}{{"desktop", 1280, 900}, {"phone", 375, 812}}

// TestBrowserPages drives headless Chromium over every page, in both languages, at desktop and
// phone widths: no console messages (the pages run no script, so any message is a CSP
// violation or a failed load), the key figures in the rendered DOM, no injected element from
// the HTML payload, and a screenshot of each in the artifacts folder.
func TestBrowserPages(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: needs Chromium; the full run (./scripts/test) fails without it")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("chromium is required for this test: %v", err)
	}
	artifacts := artifactsDir(t)
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(asContributor(NewHandler(fixtureStore(t, fixtureOptions{demo: true}), Options{Now: fixedNow, Logger: testLogger(t), MaxUpload: 20 << 20})))
	defer srv.Close()
	for _, pg := range browserPages {
		for _, lang := range []string{"id", "en"} {
			url := srv.URL + pg.path
			if lang == "en" && strings.Contains(url, "?") {
				url += "&lang=en"
			} else if lang == "en" {
				url += "?lang=en"
			}
			t.Run(pg.name+"-"+lang, func(t *testing.T) {
				for _, vp := range viewports {
					file := filepath.Join(artifacts, fmt.Sprintf("%s-%s-%s.png", pg.name, lang, vp.name))
					os.Remove(file)
					dom, logs := runChromium(t, vp.w, vp.h, url, "--dump-dom", "--screenshot="+file)
					checkConsole(t, logs)
					checkDOM(t, dom, lang, pg.want[lang])
					checkPNG(t, file, vp.w, vp.h)
				}
			})
		}
	}
}

func checkDOM(t *testing.T, dom, lang string, want []string) {
	t.Helper()
	text := html.UnescapeString(dom)
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("rendered DOM lacks %q", w)
		}
	}
	if !strings.Contains(dom, `<html lang="`+lang+`">`) {
		t.Errorf("html lang is not %q", lang)
	}
	banner := map[string]string{"id": "Data contoh (sintetis)", "en": "Sample data (synthetic)"}[lang]
	if !strings.Contains(text, banner) {
		t.Errorf("demo banner %q missing", banner)
	}
	if strings.Contains(dom, "<script") {
		t.Errorf("the DOM has a script element")
	}
}

// runChromium runs one headless Chromium with a fresh profile on url with the given actions
// (--dump-dom, --screenshot=FILE) and returns its stdout and stderr.
func runChromium(t *testing.T, w, h int, url string, actions ...string) (string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromiumPath, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-extensions", "--hide-scrollbars", "--user-data-dir="+t.TempDir(),
		fmt.Sprintf("--window-size=%d,%d", w, h), "--enable-logging=stderr", "--v=0")
	cmd.Args = append(append(cmd.Args, actions...), url)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %s %s: %v\n%s", actions, url, err, stderr.String())
	}
	return stdout.String(), stderr.String()
}

var consoleLine = regexp.MustCompile(`(?m)^.*(:CONSOLE[:(]|Uncaught|Refused to|Failed to load resource).*$`)

func checkConsole(t *testing.T, logs string) {
	t.Helper()
	for _, line := range consoleLine.FindAllString(logs, -1) {
		t.Errorf("browser console: %s", line)
	}
}

// checkPNG checks that file is a PNG of the viewport's width.
func checkPNG(t *testing.T, file string, w, h int) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if len(b) < 24 || string(b[1:4]) != "PNG" {
		t.Fatalf("%s is not a PNG", file)
	}
	gotW := int(b[16])<<24 | int(b[17])<<16 | int(b[18])<<8 | int(b[19])
	gotH := int(b[20])<<24 | int(b[21])<<16 | int(b[22])<<8 | int(b[23])
	if gotW != w || gotH != h {
		t.Errorf("%s is %dx%d, want %dx%d", file, gotW, gotH, w, h)
	}
}

// artifactsDir is $SETARA_ARTIFACTS, else artifacts/screenshots at the repository root.
func artifactsDir(t *testing.T) string {
	if d := os.Getenv("SETARA_ARTIFACTS"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return filepath.Join(d, "artifacts", "screenshots")
		}
		if filepath.Dir(d) == d {
			t.Fatalf("no go.mod above %s", dir)
		}
	}
}

// TestBrowserMaps draws the Wilayah choropleth of Kota Medan's 21 kecamatan and Sumatera
// Utara's 33 kab/kota in Chromium, both languages, at desktop and phone widths: every child
// region is a path of the rendered DOM, Danau Toba is water, not a region, the attribution and
// the "no data" legend are shown, and each view is kept as a screenshot.
func TestBrowserMaps(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: needs Chromium; the full run (./scripts/test) fails without it")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("chromium is required for this test: %v", err)
	}
	artifacts := artifactsDir(t)
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(NewHandler(fixtureStore(t, fixtureOptions{demo: true}), Options{Now: fixedNow, Logger: testLogger(t)}))
	defer srv.Close()
	region := regexp.MustCompile(`<path class="region [^"]*" data-region="(\d+)"`)
	for _, m := range []struct {
		region  string
		regions int
		water   bool
	}{{"1275", 21, false}, {"12", 33, true}} {
		for _, lang := range []string{"id", "en"} {
			t.Run(m.region+"-"+lang, func(t *testing.T) {
				url := srv.URL + "/wilayah?region=" + m.region + "&lang=" + lang
				for _, vp := range viewports {
					file := filepath.Join(artifacts, fmt.Sprintf("map-%s-%s-%s.png", m.region, lang, vp.name))
					os.Remove(file)
					dom, logs := runChromium(t, vp.w, 1600, url, "--dump-dom", "--screenshot="+file)
					checkConsole(t, logs)
					codes := map[string]bool{}
					for _, c := range region.FindAllStringSubmatch(dom, -1) {
						codes[c[1]] = true
					}
					if len(codes) != m.regions {
						t.Errorf("%s: %d distinct region paths, want %d", vp.name, len(codes), m.regions)
					}
					if got := strings.Contains(dom, `data-water="1288"`); got != m.water {
						t.Errorf("%s: Danau Toba drawn as water: %v, want %v", vp.name, got, m.water)
					}
					text := html.UnescapeString(dom)
					for _, w := range map[string][]string{"id": {"Sumber batas: BPS 2020", "tidak ada data"}, "en": {"Boundaries: BPS 2020", "no data"}}[lang] {
						if !strings.Contains(text, w) {
							t.Errorf("%s: map lacks %q", vp.name, w)
						}
					}
					checkPNG(t, file, vp.w, 1600)
				}
			})
		}
	}
}
