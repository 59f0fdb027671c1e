package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/setara-pug/setara/pipeline/refresh"
	"github.com/setara-pug/setara/pipeline/snapshot"
	"github.com/setara-pug/setara/pipeline/snapshot/snapshottest"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

type uploadReply struct {
	status int
	body   string
	json   struct {
		Kind     string `json:"kind"`
		Accepted int64  `json:"accepted"`
		Rejected int64  `json:"rejected"`
		StoredAs string `json:"stored_as"`
		Error    string `json:"error"`
		Problems []struct {
			Line   int64  `json:"line"`
			Column string `json:"column"`
			Value  string `json:"value"`
			Reason string `json:"reason"`
		} `json:"problems"`
		Annotated string `json:"annotated_xlsx_base64"`
	}
}

// upload posts name with content to base's /api/upload as the holder of token (in the header,
// or in the form's token field when asForm).
func upload(t *testing.T, base, token, name string, content []byte, asForm bool) uploadReply {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	if asForm {
		mw.WriteField("token", token)
		mw.WriteField("lang", "id")
	}
	h := make(textproto.MIMEHeader)
	disposition := mime.FormatMediaType("form-data", map[string]string{"name": "file", "filename": name})
	if disposition == "" { // a name mime cannot quote (a NUL): sent as RFC 2231 percent-encoding
		disposition = `form-data; name="file"; filename*=UTF-8''` + url.PathEscape(name)
	}
	h.Set("Content-Disposition", disposition)
	h.Set("Content-Type", "application/octet-stream")
	fw, _ := mw.CreatePart(h)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, base+"/api/upload", &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if asForm {
		req.Header.Set("Accept", "text/html")
	} else if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	r := uploadReply{status: resp.StatusCode, body: string(body)}
	if !asForm {
		if err := json.Unmarshal(body, &r.json); err != nil {
			t.Fatalf("%s: answer is not JSON (%v): %s", name, err, body)
		}
	}
	return r
}

func inboxFiles(t *testing.T, inbox string) []string {
	t.Helper()
	entries, _ := os.ReadDir(inbox)
	var out []string
	for _, e := range entries {
		if e.Type().IsRegular() {
			out = append(out, e.Name())
		}
	}
	return out
}

// seededSession is a warehouse with one published activity of OPD 1.02.01 (Dinas Kesehatan),
// and a directory for the test's files.
func seededSession(t *testing.T) (*session, string) {
	t.Helper()
	s := newSession(t)
	dir := t.TempDir()
	seed := filepath.Join(dir, "seed.csv")
	writeTestFile(t, seed, "year,opd_code,opd_name,program,activity,budget,realization,gender_responsive\n"+
		"2024,1.02.01,Dinas Kesehatan,Program A,Pelatihan,100000000,90000000,ya\n")
	if code := s.run("ingest", seed); code != ExitOK {
		t.Fatal(s.errOut.String())
	}
	if code := s.run("run"); code != ExitOK {
		t.Fatal(s.errOut.String())
	}
	return s, dir
}

const (
	contributorToken = "kontributor-dinkes-0123456789"
	uploadAdminToken = "admin-token-0123456789"
	uploadViewer     = "viewer-token-0123456789"
)

// TestUploadThroughTheServer is the OPD's contributor's way in, through a real server and a
// real warehouse: a valid programs file goes to the inbox; a bad row, a row of another OPD and
// a kind an OPD may not send are refused with the line and an Indonesian reason and nothing is
// stored; a viewer gets 403, a file over --max-upload 413; file names that try to leave the
// inbox are stored under the server's own name; the web form answers a page with the marked
// workbook; after a refresh the batch names its uploader and every upload is in the snapshot.
func TestUploadThroughTheServer(t *testing.T) {
	s, dir := seededSession(t)
	tokens := filepath.Join(dir, "tokens")
	writeTestFile(t, tokens, "contributor "+contributorToken+" dinkes 1.02.01\nadmin "+uploadAdminToken+" adi\nviewer "+uploadViewer+" vera\n")
	inbox := filepath.Join(dir, "inbox")
	base, _ := serveForTest(t, s.db, "--tokens", tokens, "--inbox", inbox, "--max-upload", "4096", "--upload-rate", "12")

	header := "year,opd_code,opd_name,program,activity,budget,realization,gender_responsive\n"
	good := []byte(header + "2024,1.02.01,Dinas Kesehatan,Program A,Pelatihan Lanjutan,50000000,45000000,ya\n")
	r := upload(t, base, contributorToken, "program_dinkes.csv", good, false)
	if r.status != http.StatusOK || r.json.Accepted != 1 || !strings.HasPrefix(r.json.StoredAs, "unggah-") {
		t.Fatalf("good file: %d %s", r.status, r.body)
	}
	if got := inboxFiles(t, inbox); len(got) != 1 || got[0] != r.json.StoredAs {
		t.Fatalf("inbox %v, want %s", got, r.json.StoredAs)
	}
	if b, _ := os.ReadFile(filepath.Join(inbox, r.json.StoredAs)); !bytes.Equal(b, good) {
		t.Errorf("stored file differs from the upload")
	}

	for _, tc := range []struct {
		name, body, column, reason string
		line                       int64
	}{
		{"salah.csv", header + "2024,1.02.01,Dinas Kesehatan,Program A,K1,banyak,1,ya\n", "budget", "bukan jumlah uang yang sah", 2},
		{"opd_lain.csv", header + "2024,1.02.01,Dinas Kesehatan,Program A,K1,1,1,ya\n2024,1.06.01,Dinas Lain,Program A,K2,1,1,ya\n",
			"opd_code", "kode OPD 1.06.01 bukan milik akun ini", 3},
	} {
		r := upload(t, base, contributorToken, tc.name, []byte(tc.body), false)
		if r.status != http.StatusUnprocessableEntity || r.json.StoredAs != "" || len(r.json.Problems) != 1 {
			t.Errorf("%s: %d %s", tc.name, r.status, r.body)
			continue
		}
		if p := r.json.Problems[0]; p.Line != tc.line || p.Column != tc.column || !strings.HasPrefix(p.Reason, tc.reason) {
			t.Errorf("%s: problem %+v, want line %d, %s, %q", tc.name, p, tc.line, tc.column, tc.reason)
		}
	}
	ind := []byte("region_code,year,indicator,sex,value\n1275,2024,life_expectancy,P,74.5\n")
	if r := upload(t, base, contributorToken, "ahh.csv", ind, false); r.status != http.StatusBadRequest ||
		!strings.Contains(r.json.Error, "tidak dapat diunggah akun OPD") {
		t.Errorf("indicators from an OPD: %d %s", r.status, r.body)
	}
	if r := upload(t, base, uploadViewer, "program_dinkes.csv", good, false); r.status != http.StatusForbidden {
		t.Errorf("viewer: %d %s", r.status, r.body)
	}
	if r := upload(t, base, "", "program_dinkes.csv", good, false); r.status != http.StatusUnauthorized {
		t.Errorf("no token: %d %s", r.status, r.body)
	}
	big := append([]byte(header), bytes.Repeat([]byte("2024,1.02.01,Dinas Kesehatan,Program A,Kegiatan,1,1,ya\n"), 100)...)
	if r := upload(t, base, contributorToken, "besar.csv", big, false); r.status != http.StatusRequestEntityTooLarge ||
		!strings.Contains(r.json.Error, "terlalu besar") {
		t.Errorf("over --max-upload: %d %s", r.status, r.body)
	}
	if r := upload(t, base, contributorToken, "laporan.docx", good, false); r.status != http.StatusUnsupportedMediaType {
		t.Errorf("a .docx: %d %s", r.status, r.body)
	}
	if got := inboxFiles(t, inbox); len(got) != 1 {
		t.Fatalf("refused uploads stored something: %v", got)
	}

	// names that try to leave the inbox, or that Windows reserves, are stored under the server's name
	for i, name := range []string{"../../../etc/x.csv", `..\..\boot.csv`, "CON.csv", "a\x00b.csv", strings.Repeat("n", 300) + ".csv"} {
		body := []byte(header + "2024,1.02.01,Dinas Kesehatan,Program B,Nama " + string(rune('A'+i)) + ",1,1,ya\n")
		r := upload(t, base, uploadAdminToken, name, body, false)
		if r.status != http.StatusOK || strings.ContainsAny(r.json.StoredAs, `/\`) || !strings.HasPrefix(r.json.StoredAs, "unggah-") {
			t.Errorf("name %q: %d %s", name, r.status, r.body)
		}
	}
	if got := inboxFiles(t, inbox); len(got) != 6 {
		t.Errorf("inbox holds %v, want 6 files", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "etc")); err == nil {
		t.Errorf("an upload escaped the inbox")
	}

	// the web form: the token in the form, an HTML answer in Indonesian with the problems
	form := upload(t, base, contributorToken, "salah.csv", []byte(header+"2024,1.02.01,Dinas Kesehatan,Program A,K1,banyak,1,ya\n"), true)
	if form.status != http.StatusUnprocessableEntity || !strings.Contains(form.body, "Berkas belum dapat diterima") ||
		!strings.Contains(form.body, "bukan jumlah uang yang sah") || !strings.Contains(form.body, `<td class="num">2</td>`) {
		t.Errorf("form answer: %d\n%s", form.status, form.body)
	}
	page, _ := http.NewRequest(http.MethodGet, base+"/unggah", nil)
	page.Header.Set("Authorization", "Bearer "+contributorToken)
	resp, err := http.DefaultClient.Do(page)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"Unggah laporan OPD", "Akun dinkes, untuk OPD: 1.02.01 Dinas Kesehatan", `enctype="multipart/form-data"`,
		`/templat/programs.xlsx?lang=id&amp;opd=1.02.01`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("/unggah lacks %q", want)
		}
	}

	// the rate limit: the contributor's 13th upload in 10 minutes is answered 429, the admin's are not
	limited := false
	for i := 0; i < 12 && !limited; i++ {
		r := upload(t, base, contributorToken, "lagi.csv", []byte(header+"2024,1.02.01,Dinas Kesehatan,Program A,K1,banyak,1,ya\n"), false)
		limited = r.status == http.StatusTooManyRequests && strings.Contains(r.json.Error, "Terlalu banyak unggahan")
	}
	if !limited {
		t.Errorf("no 429 after 12 uploads in a minute with --upload-rate 12")
	}

	// the next refresh loads the stored files; their batches name the uploader
	old := time.Now().Add(-time.Hour)
	for _, f := range inboxFiles(t, inbox) {
		os.Chtimes(filepath.Join(inbox, f), old, old)
	}
	rf := refresh.New(refresh.Options{DBPath: s.db, Inbox: inbox})
	if rep, err := rf.RunOnce(context.Background()); err != nil || rep.RowsLoaded != 6 {
		t.Fatalf("refresh: %+v %v", rep, err)
	}
	rf.Close()
	s.out.Reset()
	if code := s.run("batches", "--format", "csv"); code != ExitOK {
		t.Fatal(s.errOut.String())
	}
	if out := s.out.String(); strings.Count(out, ",dinkes\n") != 1 || strings.Count(out, ",adi\n") != 5 {
		t.Errorf("batches do not name the uploaders:\n%s", out)
	}
	snap := snapshottest.OpenCurrent(t, warehouse.PublishedDir(s.db))
	var stored, rejected, refused int
	if err := snap.QueryRow(`SELECT count(*) FILTER (WHERE outcome = 'stored'), count(*) FILTER (WHERE outcome = 'rejected'),
		count(*) FILTER (WHERE outcome = 'refused') FROM upload`).Scan(&stored, &rejected, &refused); err != nil {
		t.Fatal(err)
	}
	if stored != 6 || rejected < 3 || refused != 1 {
		t.Errorf("uploads recorded: %d stored, %d rejected, %d refused; want 6, 3, 1", stored, rejected, refused)
	}
}

// TestHostileFilesThroughTheUpload sends the hostile-file corpus (pipeline/ingest/testdata/
// hostile) to the upload as an admin (who may send any kind): no answer is a 5xx, every refusal
// names the problem, a refused file leaves nothing in the inbox, and the server stays up.
func TestHostileFilesThroughTheUpload(t *testing.T) {
	if testing.Short() {
		t.Skip("the hostile corpus through a real server")
	}
	s := newSession(t)
	if code := s.run("run"); code != ExitOK {
		t.Fatal(s.errOut.String())
	}
	dir := t.TempDir()
	tokens := filepath.Join(dir, "tokens")
	writeTestFile(t, tokens, "admin "+uploadAdminToken+" adi\n")
	inbox := filepath.Join(dir, "inbox")
	base, _ := serveForTest(t, s.db, "--tokens", tokens, "--inbox", inbox, "--upload-rate", "1000")
	corpus := filepath.Join("..", "..", "..", "pipeline", "ingest", "testdata", "hostile")
	entries, err := os.ReadDir(corpus)
	if err != nil {
		t.Fatal(err)
	}
	sent := 0
	for _, e := range entries {
		if e.IsDir() || strings.HasSuffix(e.Name(), ".golden") {
			continue
		}
		body, err := os.ReadFile(filepath.Join(corpus, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		before := len(inboxFiles(t, inbox))
		r := upload(t, base, uploadAdminToken, e.Name(), body, false)
		sent++
		after := len(inboxFiles(t, inbox))
		switch {
		case r.status >= 500:
			t.Errorf("%s: %d %s", e.Name(), r.status, r.body)
		case r.status == http.StatusOK:
			if r.json.Rejected != 0 || r.json.StoredAs == "" || after != before+1 {
				t.Errorf("%s: accepted with %d rejected rows, stored as %q", e.Name(), r.json.Rejected, r.json.StoredAs)
			}
		default:
			if after != before {
				t.Errorf("%s: refused (%d) but stored", e.Name(), r.status)
			}
			if r.json.Error == "" && len(r.json.Problems) == 0 {
				t.Errorf("%s: %d without a word: %s", e.Name(), r.status, r.body)
			}
		}
	}
	if sent < 40 {
		t.Errorf("sent %d hostile files, want the corpus of at least 40", sent)
	}
	resp, err := http.Get(base + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("the server after the corpus: %v %v", resp, err)
	}
	if resp != nil {
		resp.Body.Close()
	}
}

// With serve --load-uploads, a stored upload is loaded at once into a candidate snapshot: the
// readers keep the approved one until an admin approves, and then see the uploaded activity.
func TestLoadUploadsPublishesACandidate(t *testing.T) {
	s, dir := seededSession(t)
	tokens := filepath.Join(dir, "tokens")
	writeTestFile(t, tokens, "contributor "+contributorToken+" dinkes 1.02.01\n")
	inbox := filepath.Join(dir, "inbox")
	base, _ := serveForTest(t, s.db, "--tokens", tokens, "--inbox", inbox, "--load-uploads")
	body := []byte("year,opd_code,opd_name,program,activity,budget,realization,gender_responsive\n" +
		"2024,1.02.01,Dinas Kesehatan,Program A,Kelas Ibu Hamil,50000000,45000000,ya\n")
	r := upload(t, base, contributorToken, "kelas.csv", body, false)
	if r.status != http.StatusOK || r.json.StoredAs == "" || !strings.Contains(r.body, `"loading":true`) {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	published := warehouse.PublishedDir(s.db)
	var run int64
	for deadline := time.Now().Add(60 * time.Second); run == 0 && time.Now().Before(deadline); {
		_, run, _ = snapshot.Waiting(published)
		time.Sleep(100 * time.Millisecond)
	}
	if run == 0 {
		t.Fatal("no candidate snapshot was published for the upload")
	}
	activities := func() int {
		db := snapshottest.OpenCurrent(t, published)
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM program_evaluation WHERE activity = 'Kelas Ibu Hamil'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := activities(); n != 0 {
		t.Fatalf("readers see the upload before its approval")
	}
	for deadline := time.Now().Add(30 * time.Second); ; {
		s.errOut.Reset()
		code := s.run("approve", fmt.Sprint(run), "--reason", "dicek")
		if code == ExitOK {
			break
		}
		if !strings.Contains(s.errOut.String(), "in use") || time.Now().After(deadline) {
			t.Fatalf("approve: %d %s", code, s.errOut.String())
		}
		time.Sleep(200 * time.Millisecond) // the refresh that published the candidate is closing the warehouse
	}
	if n := activities(); n != 1 {
		t.Errorf("after approval the uploaded activity is published %d times, want 1", n)
	}
}
