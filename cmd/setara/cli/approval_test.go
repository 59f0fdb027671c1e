package cli

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/setara-pug/setara/pipeline/snapshot"
	"github.com/setara-pug/setara/pipeline/snapshot/snapshottest"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

// currentValue is life_expectancy of women in 2024 as readers of the current snapshot see it.
func currentValue(t *testing.T, db string) (string, float64) {
	t.Helper()
	dir := warehouse.PublishedDir(db)
	path, err := snapshot.Current(dir)
	if err != nil {
		t.Fatal(err)
	}
	snap := snapshottest.OpenCurrent(t, dir)
	var v float64
	if err := snap.QueryRow(`SELECT value FROM indicator_value WHERE region_code = '1275' AND year = 2024
		AND indicator = 'life_expectancy' AND sex = 'P'`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return snapshot.ID(path), v
}

func TestCandidateWaitsForApproval(t *testing.T) {
	s := newSession(t)
	s.env.Getenv = func(k string) string {
		if k == "USER" {
			return "siti"
		}
		return ""
	}
	dir := t.TempDir()
	must := func(want int, args ...string) string {
		t.Helper()
		s.out.Reset()
		s.errOut.Reset()
		if code := s.run(args...); code != want {
			t.Fatalf("%v: exit %d, want %d\n%s%s", args, code, want, s.out.String(), s.errOut.String())
		}
		return s.out.String() + s.errOut.String()
	}
	v1 := filepath.Join(dir, "ahh-v1.csv")
	writeTestFile(t, v1, "region_code,year,indicator,sex,value\n1275,2024,life_expectancy,P,74.5\n")
	must(ExitOK, "ingest", v1)
	must(ExitOK, "run")
	v2 := filepath.Join(dir, "ahh-v2.csv")
	writeTestFile(t, v2, "region_code,year,indicator,sex,value\n1275,2024,life_expectancy,P,76.25\n1275,2024,life_expectancy,L,70.5\n")
	must(ExitOK, "ingest", v2)
	if out := must(ExitOK, "run", "--candidate"); !strings.Contains(out, "run 2 is a candidate") {
		t.Errorf("run --candidate said:\n%s", out)
	}
	if id, v := currentValue(t, s.db); id != "run-000001" || v != 74.5 {
		t.Fatalf("after a candidate run readers see %s with %v, want run-000001 with 74.5", id, v)
	}

	out := must(ExitOK, "diff", "--format", "csv")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string][]string{}
	for _, r := range recs[1:] {
		byKey[r[0]+" "+r[1]+" "+r[2]] = r
	}
	if r := byKey["indicator_value 1275 / 2024 / life_expectancy / P value"]; r == nil || r[3] != "74.5" || r[4] != "76.25" || r[5] != "1.75" {
		t.Errorf("diff lacks the changed value of women (old 74.5, new 76.25, +1.75):\n%s", out)
	}
	if r := byKey["indicator_value 1275 / 2024 / life_expectancy / L value"]; r == nil || r[3] != "" || r[4] != "70.5" {
		t.Errorf("diff lacks the new value of men:\n%s", out)
	}
	if recs[1][3] != "" && recs[1][4] != "" {
		t.Errorf("diff does not list appeared values first: %v", recs[1])
	}
	if table := must(ExitOK, "diff", "--from", "1", "--to", "2"); !strings.Contains(table, "run-000001 -> run-000002") {
		t.Errorf("diff table:\n%s", table)
	}

	must(ExitUsage, "reject", "2")
	if out := must(ExitOK, "approve", "2", "--reason", "checked against BPS"); !strings.Contains(out, "run 2 approved by siti") {
		t.Errorf("approve said:\n%s", out)
	}
	if id, v := currentValue(t, s.db); id != "run-000002" || v != 76.25 {
		t.Fatalf("after approve readers see %s with %v, want run-000002 with 76.25", id, v)
	}
	must(ExitFailure, "approve", "2")

	must(ExitOK, "run", "--candidate")
	must(ExitOK, "reject", "3", "--reason", "wrong year")
	if id, _ := currentValue(t, s.db); id != "run-000002" {
		t.Errorf("after reject readers see %s, want run-000002", id)
	}
	if _, err := os.Stat(filepath.Join(snapshot.CandidatesDir(warehouse.PublishedDir(s.db)), "rejected", snapshot.Name(3))); err != nil {
		t.Errorf("the rejected candidate is not kept under candidates/rejected/: %v", err)
	}
	must(ExitFailure, "approve", "3")

	// A candidate older than the current snapshot is refused.
	must(ExitOK, "run", "--candidate")
	must(ExitOK, "run")
	if out := must(ExitFailure, "approve", "4"); !strings.Contains(out, "run-000005 is newer") {
		t.Errorf("approving a stale candidate said:\n%s", out)
	}

	runs := must(ExitOK, "runs")
	for _, want := range []string{"run-000002.duckdb (approved)", "run-000003.duckdb (rejected)", "run-000004.duckdb (candidate)",
		"run 2 approved by siti at", ": checked against BPS", "run 3 rejected by siti at", ": wrong year"} {
		if !strings.Contains(runs, want) {
			t.Errorf("setara runs lacks %q:\n%s", want, runs)
		}
	}

	wh, err := sql.Open("duckdb", s.db)
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	rows, err := wh.QueryContext(context.Background(), `SELECT run_id || ' ' || decision || ' ' || decided_by || ' ' || coalesce(reason, '-')
		FROM run_approval ORDER BY approval_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var l string
		rows.Scan(&l)
		got = append(got, l)
	}
	want := []string{"2 candidate run -", "2 approved siti checked against BPS", "3 candidate run -", "3 rejected siti wrong year", "4 candidate run -"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("approval history:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestApprovalPageApprovesThroughTheServer drives the web's approval page against a real
// serve process: the admin sees the candidate's changes in Indonesian and approves it there.
func TestApprovalPageApprovesThroughTheServer(t *testing.T) {
	s := newSession(t)
	dir := t.TempDir()
	for i, body := range []string{
		"region_code,year,indicator,sex,value\n1275,2024,life_expectancy,P,74.5\n",
		"region_code,year,indicator,sex,value\n1275,2024,life_expectancy,P,76.25\n",
	} {
		f := filepath.Join(dir, fmt.Sprintf("ahh-v%d.csv", i+1))
		writeTestFile(t, f, body)
		args := []string{"run"}
		if i == 1 {
			args = append(args, "--candidate")
		}
		if code := s.run("ingest", f); code != ExitOK {
			t.Fatalf("ingest: %d %s", code, s.errOut.String())
		}
		if code := s.run(args...); code != ExitOK {
			t.Fatalf("%v: %d %s", args, code, s.errOut.String())
		}
	}
	tokens := filepath.Join(dir, "tokens")
	writeTestFile(t, tokens, "admin admin-token-0123456789 adi\nviewer viewer-token-0123456789 vera\n")

	base, stop := serveForTest(t, s.db, "--tokens", tokens)
	ctx := context.Background()
	call := func(method, path, token, form string) (int, string) {
		t.Helper()
		req, _ := http.NewRequestWithContext(ctx, method, base+path, strings.NewReader(form))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		if form != "" {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}

	if code, _ := call("GET", "/data/approval", "viewer-token-0123456789", ""); code != http.StatusForbidden {
		t.Errorf("viewer on the approval page: %d, want 403", code)
	}
	code, page := call("GET", "/data/approval?lang=id", "admin-token-0123456789", "")
	if code != 200 || !strings.Contains(page, "Run 2 menunggu persetujuan") ||
		!strings.Contains(page, "<td>1275 / 2024 / life_expectancy / P</td><td>value</td><td class=\"num\">74,5</td><td class=\"num\">76,25</td><td class=\"num\">1,75</td>") {
		t.Fatalf("approval page: %d\n%s", code, page)
	}
	form := url.Values{"run": {"2"}, "decision": {"reject"}, "reason": {""}, "token": {"admin-token-0123456789"}, "lang": {"id"}}
	if code, body := call("POST", "/data/decide", "", form.Encode()); code != http.StatusBadRequest || !strings.Contains(body, "menolak memerlukan alasan") {
		t.Errorf("reject without a reason: %d %s", code, body)
	}
	form.Set("decision", "approve")
	form.Set("reason", "sesuai rilis BPS")
	if code, body := call("POST", "/data/decide", "", form.Encode()); code != 200 || !strings.Contains(body, "Run 2 disetujui oleh adi") {
		t.Fatalf("approve: %d %s", code, body)
	}
	if code, body := call("POST", "/data/decide", "", form.Encode()); code != http.StatusBadRequest || !strings.Contains(body, "bukan kandidat") {
		t.Errorf("approving twice: %d %s", code, body)
	}
	if id, v := currentValue(t, s.db); id != "run-000002" || v != 76.25 {
		t.Errorf("after the web approval the current snapshot is %s with %v, want run-000002 with 76.25", id, v)
	}
	if _, page := call("GET", "/data/approval?lang=en", "admin-token-0123456789", ""); !strings.Contains(page, "No candidate run newer than the current snapshot") {
		t.Errorf("approval page after approving:\n%s", page)
	}
	stop()
	wh, err := sql.Open("duckdb", s.db)
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	var who, reason string
	if err := wh.QueryRow(`SELECT decided_by, reason FROM run_approval WHERE run_id = 2 AND decision = 'approved'`).Scan(&who, &reason); err != nil || who != "adi" || reason != "sesuai rilis BPS" {
		t.Errorf("recorded approval: %q %q %v", who, reason, err)
	}
}
