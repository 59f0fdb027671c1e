package refresh

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/setara-pug/setara/pipeline/internal/killtest"

	"github.com/setara-pug/setara/pipeline/snapshot"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

// TestRetractSurvivesSIGKILL kills `setara retract` of two batches at moments spread over its
// run, and checks every time that the warehouse opens, that both batches or neither were
// retracted (one transaction), and that the next run publishes what their standing says.
func TestRetractSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test: builds setara and kills it")
	}
	ctx := context.Background()
	tmp := t.TempDir()
	bin := killtest.Build(t)
	db := filepath.Join(tmp, "w", "setara.duckdb")
	header := "region_code,year,indicator,sex,value\n"
	files := map[string]string{
		"v1/tpak.csv": header + "1275,2023,tpak,P,51.5\n1275,2023,tpak,L,80.25\n",
		"v2/tpak.csv": header + "1275,2023,tpak,P,55.75\n",
		"uhh.csv":     header + "1275,2023,uhh,P,74.5\n",
	}
	for _, name := range []string{"v1/tpak.csv", "v2/tpak.csv", "uhh.csv"} {
		p := filepath.Join(tmp, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(files[name]), 0o644); err != nil {
			t.Fatal(err)
		}
		if code, out := killtest.Run(t, bin, 0, "--db", db, "ingest", p); code != 0 {
			t.Fatalf("ingest %s: exit %d\n%s", name, code, out)
		}
	}
	// Batches 2 (the later tpak.csv) and 3 (uhh.csv) are retracted together.
	retract := []string{"--db", db, "retract", "2", "3", "--reason", "kill test"}
	restore := func() {
		t.Helper()
		for _, id := range []string{"2", "3"} {
			if code, out := killtest.Run(t, bin, 0, "--db", db, "restore-batch", id); code != 0 {
				t.Fatalf("restore-batch %s: exit %d\n%s", id, code, out)
			}
		}
	}
	start := time.Now()
	if code, out := killtest.Run(t, bin, 0, retract...); code != 0 {
		t.Fatalf("retract: exit %d\n%s", code, out)
	}
	took := time.Since(start)
	restore()

	killed := 0
	shares := []float64{0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95}
	for i, share := range shares {
		delay := time.Duration(share * float64(took))
		code, out := killtest.Run(t, bin, delay, retract...)
		if code == -1 {
			killed++
		} else if code != 0 {
			t.Fatalf("retract %d: exit %d\n%s", i, code, out)
		}
		standing := standings(ctx, t, db)
		retracted := standing[2] == warehouse.StandingRetracted
		if retracted != (standing[3] == warehouse.StandingRetracted) {
			t.Fatalf("kill %d after %v: batch 2 %s, batch 3 %s: a retraction of both was half done", i, delay, standing[2], standing[3])
		}
		if code == 0 && !retracted {
			t.Fatalf("retract %d finished but retracted nothing: %v", i, standing)
		}
		if code, out := killtest.Run(t, bin, 0, "--db", db, "run"); code != 0 {
			t.Fatalf("run after kill %d: exit %d\n%s", i, code, out)
		}
		tpak, uhh := publishedValues(ctx, t, warehouse.PublishedDir(db))
		wantTpak, wantUHH := "55.75", "74.5"
		if retracted {
			wantTpak, wantUHH = "51.5", "none"
		}
		if tpak != wantTpak || uhh != wantUHH {
			t.Fatalf("kill %d (retracted %v): published tpak P %s, uhh P %s; want %s, %s", i, retracted, tpak, uhh, wantTpak, wantUHH)
		}
		t.Logf("kill %2d after %5.3fs (exit %d): retracted %v", i, delay.Seconds(), code, retracted)
		if retracted {
			restore()
		}
	}
	if killed < len(shares)/2 {
		t.Errorf("only %d of %d retractions were killed before they ended (a full one took %v)", killed, len(shares), took)
	}
}

func standings(ctx context.Context, t *testing.T, db string) map[int64]string {
	t.Helper()
	w, err := warehouse.Open(ctx, db, time.Now)
	if err != nil {
		t.Fatalf("warehouse does not open: %v", err)
	}
	defer w.Close()
	list, err := warehouse.Batches(ctx, w.DB)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]string{}
	for _, b := range list {
		out[b.ID] = b.Standing
	}
	return out
}

// publishedValues reads labour force participation and life expectancy of 1275 2023 (P) from
// the current snapshot ("none" when absent).
func publishedValues(ctx context.Context, t *testing.T, published string) (tpak, uhh string) {
	t.Helper()
	cur, err := snapshot.Current(published)
	if err != nil {
		t.Fatal(err)
	}
	db, err := snapshot.OpenReadOnly(ctx, cur)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	read := func(indicator string) string {
		var v float64
		err := db.QueryRowContext(ctx, `SELECT value FROM indicator_value WHERE region_code = '1275' AND year = 2023 AND indicator = ? AND sex = 'P'`, indicator).Scan(&v)
		if err != nil {
			return "none"
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return read("labour_force_participation"), read("life_expectancy")
}
