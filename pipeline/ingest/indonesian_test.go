package ingest

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// goldenReason is the reason of a line of the problem and error goldens: FILE:LINE:COLUMN:
// field "VALUE": reason, FILE: reason, or error: FILE: reason.
var goldenReason = regexp.MustCompile(`^(?:error: )?[^\s:]+(?::\d+)?(?::[A-Za-z_0-9]+)?: (?:field ".*?": )?(.+)$`)

// TestReasonsHaveIndonesian translates every reason of the problem, file-error, hostile-file
// and cross-row goldens and tests: each must come out whole in Indonesian (no English part
// left, the codes, numbers and lines kept).
func TestReasonsHaveIndonesian(t *testing.T) {
	var reasons []string
	for _, golden := range []string{"problems.golden", "file_errors.golden", filepath.Join("hostile", "expected.golden")} {
		f, err := os.Open(filepath.Join("testdata", golden))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "#") || strings.HasPrefix(line, "==") || strings.HasPrefix(line, "ok ") || line == "" {
				continue
			}
			if strings.HasSuffix(line, " bytes)") && strings.Contains(line, "...(") {
				continue // clipped by the golden's writer
			}
			if m := goldenReason.FindStringSubmatch(line); m != nil && strings.Contains(m[1], "(expected") {
				reasons = append(reasons, m[1])
			}
		}
		f.Close()
	}
	reasons = append(reasons,
		"parliament_share P 93.36 (line 2) and L 80 (line 3) add up to 173.36 (expected 100 within 0.5: the shares of women and men of one whole)",
		"labour_force_participation T 90 (line 2) lies outside P 57.8 (lfp.csv line 2, batch 2) and L 84.4 (lfp.csv line 3, batch 2) (expected a total between the values of women and men, within 0.05)",
		"life_expectancy T 80 (line 3 column D) lies outside P 75.2 (line 3 column C) and L 71.4 (line 3 column B) (expected a total between the values of women and men, within 0.05)",
		"population T 2500000 (line 6) is not P 1200000 (line 4) + L 1190000 (line 5) = 2390000 (expected the total of a count to be women + men, within 0.05%)",
		"population P 1300000 (line 2) is more than T 1200000 (line 3) (expected a part of a count to be at most its total)",
		"maternal_mortality P 98 (line 4) and T 120 (line 5) differ (expected one value: the indicator is about women only, within 0.05)",
		`no such activity in the programs data: year 2024, OPD 9.99.01, program "Program A", activity "Tidak Ada" (expected an activity of a loaded programs file: load or validate the programs file first, or in the same command or refresh)`,
		"unknown gap factor (expected a list separated by ; of akses, partisipasi, kontrol, manfaat)",
		"unknown status (expected ada, sebagian or belum; or yes, partly, no)",
		"unknown prerequisite (expected one of komitmen, kebijakan, kelembagaan, sumber_daya, data_terpilah, alat_analisis, partisipasi_masyarakat)",
		"missing value (expected the OPD code, or KOTA for the city)",
		"unknown region name (expected a region of the region table as BPS writes it; closest: 1207 Kabupaten Labuhanbatu)",
		"OPD code 1.06.01 is not this account's (expected 1.02.01, 1.02.02)",
		"ambiguous amount: 1,500 reads as thousands or as sen (expected rupiah such as Rp 1.500 or Rp 1,50: a point between thousands, a comma before the sen)",
	)
	if len(reasons) < 60 {
		t.Fatalf("only %d reasons collected from the goldens", len(reasons))
	}
	english := regexp.MustCompile(`\b(expected|missing|unknown|not a|line|column|within|closest|such as|or|and|add up|lies outside|differ|the)\b`)
	for _, r := range reasons {
		id := ReasonID(r)
		if id == r {
			t.Errorf("no Indonesian for %q", r)
			continue
		}
		if w := english.FindString(strings.NewReplacer("--kind", "").Replace(id)); w != "" {
			t.Errorf("%q\n  -> %q still says %q", r, id, w)
		}
	}
	for r, want := range map[string]string{
		"not a valid year (expected a whole number 1900-2100)": "bukan tahun yang sah (seharusnya bilangan bulat 1900-2100)",
		"parliament_share P 93.36 (line 2) and L 80 (line 3) add up to 173.36 (expected 100 within 0.5: the shares of women and men of one whole)": "parliament_share P 93.36 (baris 2) dan L 80 (baris 3) berjumlah 173.36 (seharusnya 100 dengan selisih paling besar 0.5: porsi perempuan dan laki-laki dari satu keseluruhan)",
		"a reason no rule knows (expected something)": "a reason no rule knows (expected something)",
	} {
		if got := ReasonID(r); got != want {
			t.Errorf("ReasonID(%q)\n got %q\nwant %q", r, got, want)
		}
	}
}
