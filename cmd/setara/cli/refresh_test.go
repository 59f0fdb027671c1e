package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRefreshExitCodes(t *testing.T) {
	s := newSession(t)
	s.env.Now = time.Now
	inbox := filepath.Join(t.TempDir(), "drop")
	old := time.Now().Add(-time.Hour)
	put := func(name, content string) {
		t.Helper()
		p := filepath.Join(inbox, name)
		writeTestFile(t, p, content)
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	run := func(args ...string) (int, string) {
		s.out.Reset()
		s.errOut.Reset()
		code := s.run(args...)
		return code, s.out.String() + s.errOut.String()
	}

	put("good.csv", "region_code,year,indicator,sex,value\n1275,2024,life_expectancy,P,74.5\n")
	put("bad.csv", "region_code,year,indicator,sex,value\n1275,2024,life_expectancy,L,abc\n")
	put("still-copying.csv.part", "region_code,year")
	code, out := run("refresh", "--inbox", inbox)
	if code != ExitRejected || !strings.Contains(out, "failed     bad.csv") || !strings.Contains(out, "loaded     good.csv") {
		t.Errorf("refresh with a rejected file: exit %d, want %d\n%s", code, ExitRejected, out)
	}
	put("more.csv", "region_code,year,indicator,sex,value\n1275,2024,life_expectancy,L,70.5\n")
	if code, out := run("refresh", "--inbox", inbox); code != ExitOK || !strings.Contains(out, "refresh succeeded: 1 files taken") {
		t.Errorf("clean refresh: exit %d, want 0\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(inbox, "still-copying.csv.part")); err != nil {
		t.Errorf("the temporary file was taken: %v", err)
	}
	put("broken.csv", "no,such,header\n1,2,3\n")
	if code, out := run("refresh", "--inbox", inbox); code != ExitFailure {
		t.Errorf("refresh with an unreadable file: exit %d, want %d\n%s", code, ExitFailure, out)
	}
	if code, _ := run("refresh", "extra"); code != ExitUsage {
		t.Errorf("refresh with an argument: exit %d, want %d", code, ExitUsage)
	}
}

// The seat-share file of the DPRD (women 93.36 %, men 80.00 %) dropped into the inbox beside a
// good file: the good file is published, the seat file is under failed/ with an errors file
// naming the seat shares and their lines, the refresh exits 3 and the next one exits 0.
func TestRefreshSeatShareFileFailsAloneAndTheNextRefreshSucceeds(t *testing.T) {
	s := newSession(t)
	s.env.Now = time.Now
	inbox := filepath.Join(t.TempDir(), "inbox")
	old := time.Now().Add(-time.Hour)
	for name, content := range map[string]string{
		"good.csv":  "region_code,year,indicator,sex,value\n1275,2018,life_expectancy,P,74.5\n1275,2018,life_expectancy,L,70.25\n",
		"kursi.csv": "region_code,year,indicator,sex,value,source\n1275,2018,parliament_share,P,93.36,KPU\n1275,2018,parliament_share,L,80.00,KPU\n",
	} {
		p := filepath.Join(inbox, name)
		writeTestFile(t, p, content)
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	if code := s.run("refresh", "--inbox", inbox); code != ExitRejected {
		t.Fatalf("refresh: exit %d, want %d\n%s%s", code, ExitRejected, s.out.String(), s.errOut.String())
	}
	failed, err := filepath.Glob(filepath.Join(inbox, "failed", "*", "kursi.csv.errors.csv"))
	if err != nil || len(failed) != 1 {
		t.Fatalf("errors file of kursi.csv: %v %v", failed, err)
	}
	errs, err := os.ReadFile(failed[0])
	if err != nil {
		t.Fatal(err)
	}
	reason := "parliament_share P 93.36 (line 2) and L 80 (line 3) add up to 173.36 (expected 100 within 0.5: the shares of women and men of one whole)"
	want := "line,column,value,reason\n2,value,93.36," + reason + "\n3,value,80," + reason + "\n"
	if string(errs) != want {
		t.Errorf("errors file:\n%s\nwant:\n%s", errs, want)
	}
	s.out.Reset()
	if code := s.run("query", "--format", "csv", "SELECT indicator, sex, value FROM indicator_value WHERE year = 2018 ORDER BY indicator, sex"); code != 0 {
		t.Fatalf("query: %s", s.errOut.String())
	}
	if got := s.out.String(); got != "indicator,sex,value\nlife_expectancy,L,70.25\nlife_expectancy,P,74.5\n" {
		t.Errorf("published 2018 values:\n%s", got)
	}
	s.out.Reset()
	if code := s.run("refresh", "--inbox", inbox); code != ExitOK {
		t.Errorf("next refresh: exit %d, want 0\n%s%s", code, s.out.String(), s.errOut.String())
	}
}
