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
