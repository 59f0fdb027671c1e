package cli

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func ingestTestEnv(t *testing.T, db string) (*Env, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	env := testEnv(&out, &errb)
	env.Now = func() time.Time { return time.Date(2026, 11, 29, 2, 0, 0, 0, time.UTC) }
	env.Getenv = func(k string) string { return map[string]string{"SETARA_DB": db}[k] }
	return env, &out, &errb
}

func TestIngestCommandReportsRejectsAndExitCode(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	var b strings.Builder
	b.WriteString("region_code,year,indicator,sex,value\n")
	for i := 0; i < 30; i++ {
		fmt.Fprintf(&b, "1275,%d,uhh,P,%s\n", 1990+i, map[bool]string{true: "bad", false: "70"}[i%10 == 0 || i > 25]) // 7 bad
	}
	bad := filepath.Join(dir, "bad.csv")
	writeTestFile(t, bad, b.String())
	good := filepath.Join(dir, "good.csv")
	writeTestFile(t, good, "region_code,name,level,parent_code\nZZ1,Zed,country,\n")

	env, out, errb := ingestTestEnv(t, db)
	code := Execute(context.Background(), env, []string{"ingest", bad, good, filepath.Join(dir, "missing.csv")})
	if code != ExitFailure {
		t.Errorf("exit %d with a missing file, want %d", code, ExitFailure)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "good.csv: regions, 1 accepted") || !strings.HasPrefix(lines[1], "bad.csv: indicators, 23 accepted, 7 rejected") {
		t.Errorf("stdout (regions first, one line per file):\n%s", out.String())
	}
	if !strings.Contains(errb.String(), "bad.csv:2:value: field \"bad\": not a number (expected") ||
		!strings.Contains(errb.String(), "missing.csv: no such file") {
		t.Errorf("stderr:\n%s", errb.String())
	}

	env, out, errb = ingestTestEnv(t, db)
	if code := Execute(context.Background(), env, []string{"ingest", bad}); code != ExitOK {
		t.Errorf("reloading an unchanged file: exit %d, want 0; stderr %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "unchanged") {
		t.Errorf("stdout %q does not say unchanged", out.String())
	}

	many := filepath.Join(dir, "many.csv")
	b.Reset()
	b.WriteString("region_code,year,indicator,sex,value\n")
	for i := 0; i < 25; i++ {
		fmt.Fprintf(&b, "1275,%d,uhh,P,x\n", 1990+i)
	}
	writeTestFile(t, many, b.String())
	env, _, errb = ingestTestEnv(t, db)
	if code := Execute(context.Background(), env, []string{"validate", many}); code != ExitRejected {
		t.Errorf("validate exit %d, want %d", code, ExitRejected)
	}
	if got := strings.Count(errb.String(), "many.csv:"); got != 20 || !strings.Contains(errb.String(), "... and 5 more rejected rows") {
		t.Errorf("validate printed %d problems:\n%s", got, errb.String())
	}
}

// `setara ingest --kind table` with --indicator, --year and --sex loads a table whose title
// and header do not say them; validate checks it alike; a bad --sex is a usage error.
func TestIngestTableFlags(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	table := filepath.Join(dir, "tabel.csv")
	writeTestFile(t, table, "Tabel 3\nWilayah;2022;2023\nKota Medan;60,1;61,2\nKab. Karo;-;70,4\nKota Atlantis;1;2\nSumber: BPS Kota Medan\n")

	env, out, errb := ingestTestEnv(t, db)
	code := Execute(context.Background(), env, []string{"validate", "--kind", "table", "--indicator", "tpak", "--sex", "p", table})
	if code != ExitRejected || !strings.Contains(out.String(), "tabel.csv: table, 3 accepted, 1 rejected, 1 no data") ||
		!strings.Contains(errb.String(), `tabel.csv:5:A: field "Kota Atlantis": unknown region name`) {
		t.Errorf("validate: exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	env, out, errb = ingestTestEnv(t, db)
	if code := Execute(context.Background(), env, []string{"ingest", "--indicator", "tpak", "--sex", "P", table}); code != ExitRejected {
		t.Errorf("ingest: exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	env, out, _ = ingestTestEnv(t, db)
	if code := Execute(context.Background(), env, []string{"ingest", "--kind", "table", "--indicator", "tpak", "--sex", "X", table}); code != ExitUsage {
		t.Errorf("--sex X: exit %d, want %d", code, ExitUsage)
	}
	if code := Execute(context.Background(), env, []string{"ingest", "--kind", "table", "--year", "99", table}); code != ExitUsage {
		t.Errorf("--year 99: exit %d, want %d", code, ExitUsage)
	}
}
