package ingest

import (
	"strings"
	"testing"
)

// Rows that pass every row check but contradict each other are rejected, each naming the
// lines of both sides: within the file, and against the facts already loaded.
func TestCrossRowChecks(t *testing.T) {
	db := openWarehouse(t)
	dir := t.TempDir()
	header := "region_code,year,indicator,sex,value\n"

	// Seat shares of women and men adding up to 173.36: both rows rejected, both lines named.
	seats := writeFile(t, dir, "seats.csv", header+
		"1275,2018,parliament_share,P,93.36\n"+
		"1275,2018,parliament_share,L,80.00\n"+
		"1275,2018,professional_share,P,48.2\n"+
		"1275,2018,professional_share,L,51.6\n")
	res := mustLoad(t, db, seats, Options{Now: fixedNow})
	if res.Accepted != 2 || res.Rejected != 2 {
		t.Fatalf("seats.csv: %d accepted, %d rejected; want the two professional shares (100 within 0.5) in, the two seat shares out", res.Accepted, res.Rejected)
	}
	want := "parliament_share P 93.36 (line 2) and L 80 (line 3) add up to 173.36 (expected 100 within 0.5: the shares of women and men of one whole)"
	for i, p := range res.Problems {
		if p.Line != int64(i+2) || p.Column != "value" || p.Reason != want {
			t.Errorf("problem %d = %s\nwant line %d, column value, reason %q", i, p, i+2, want)
		}
	}
	if got := res.Problems[0].String(); got != `seats.csv:2:value: field "93.36": `+want {
		t.Errorf("printed as %s", got)
	}

	// A file that brings only the P value of a key is checked against the stored L; a T value
	// is checked against P and L wherever they are.
	lfp := writeFile(t, dir, "lfp.csv", header+
		"1275,2023,labour_force_participation,P,57.8\n"+
		"1275,2023,labour_force_participation,L,84.4\n"+
		"1275,2023,parliament_share,L,70\n")
	if res := mustLoad(t, db, lfp, Options{Now: fixedNow}); res.Rejected != 0 {
		t.Fatalf("lfp.csv: %v", res.Problems)
	}
	later := writeFile(t, dir, "later.csv", header+
		"1275,2023,labour_force_participation,T,90\n"+
		"1275,2023,parliament_share,P,25\n"+
		"1275,2023,population,P,1200000\n"+
		"1275,2023,population,L,1190000\n"+
		"1275,2023,population,T,2500000\n"+
		"1275,2023,mean_schooling,T,11.5\n")
	res = mustLoad(t, db, later, Options{Now: fixedNow})
	got := map[int64]string{}
	for _, p := range res.Problems {
		got[p.Line] = p.Reason
	}
	wantReasons := map[int64]string{
		2: "labour_force_participation T 90 (line 2) lies outside P 57.8 (lfp.csv line 2, batch 2) and L 84.4 (lfp.csv line 3, batch 2) (expected a total between the values of women and men, within 0.05)",
		3: "parliament_share P 25 (line 3) and L 70 (lfp.csv line 4, batch 2) add up to 95 (expected 100 within 0.5: the shares of women and men of one whole)",
		4: "population T 2500000 (line 6) is not P 1200000 (line 4) + L 1190000 (line 5) = 2390000 (expected the total of a count to be women + men, within 0.05%)",
	}
	wantReasons[5], wantReasons[6] = wantReasons[4], wantReasons[4]
	if len(got) != len(wantReasons) || res.Accepted != 1 {
		t.Errorf("later.csv: %d accepted, problems %v; want mean_schooling T (no P or L) alone accepted", res.Accepted, got)
	}
	for line, w := range wantReasons {
		if got[line] != w {
			t.Errorf("later.csv line %d: %q\nwant %q", line, got[line], w)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM rejected_row WHERE batch_id = ? AND reason LIKE '%lies outside%'`, res.BatchID); n != 1 {
		t.Errorf("rejected_row keeps %d total-range rows, want 1", n)
	}

	// A part of a count larger than its total, and a women-only indicator with two values.
	parts := writeFile(t, dir, "parts.csv", header+
		"1275,2022,population,P,1300000\n"+
		"1275,2022,population,T,1200000\n"+
		"1275,2022,maternal_mortality,P,98\n"+
		"1275,2022,maternal_mortality,T,120\n"+
		"1275,2022,adolescent_birth,P,21\n"+
		"1275,2022,adolescent_birth,T,21\n")
	res = mustLoad(t, db, parts, Options{Now: fixedNow})
	got = map[int64]string{}
	for _, p := range res.Problems {
		got[p.Line] = p.Reason
	}
	count := "population P 1300000 (line 2) is more than T 1200000 (line 3) (expected a part of a count to be at most its total)"
	mmr := "maternal_mortality P 98 (line 4) and T 120 (line 5) differ (expected one value: the indicator is about women only, within 0.05)"
	if res.Accepted != 2 || got[2] != count || got[3] != count || got[4] != mmr || got[5] != mmr {
		t.Errorf("parts.csv: %d accepted, problems %v", res.Accepted, got)
	}

	// A strict load of a seat file keeps nothing.
	seats2 := writeFile(t, dir, "seats2.csv", header+"1275,2019,parliament_share,P,93.36\n1275,2019,parliament_share,L,80.00\n")
	res = mustLoad(t, db, seats2, Options{Now: fixedNow, Strict: true})
	if res.Status != "rejected" || res.Accepted != 0 || !strings.Contains(res.Problems[0].Reason, "add up to 173.36") {
		t.Errorf("strict seats.csv: %+v", res)
	}
}
