package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/setara-pug/setara/pipeline/snapshot/snapshottest"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

// TestEvaluationOfAHandMadeOPD loads one OPD's three activities (responsive with a complete
// GBS targeting 100 women and 20 men who were 90 and 25; responsive without a GBS; not
// responsive) and seven prerequisites (5 ada, 1 sebagian, 1 belum), in Indonesian headers and
// in one ingest call with the GBS file named first, and reads the published evaluation.
func TestEvaluationOfAHandMadeOPD(t *testing.T) {
	s := newSession(t)
	dir := t.TempDir()
	gbs := filepath.Join(dir, "gbs.csv")
	writeTestFile(t, gbs, "tahun,kode_opd,program,kegiatan,isu_gender,data_pembuka_wawasan,indikator_data,faktor_kesenjangan,"+
		"penyebab_internal,penyebab_eksternal,tujuan,rencana_aksi,indikator_keluaran,target_perempuan,target_laki_laki,indikator_hasil,anggaran\n"+
		`2024,9.99.01,Program A,Pelatihan,"TPAK perempuan rendah  ",Sakernas 2023,tpak,akses; partisipasi,Jadwal pagi,Pengasuhan,`+
		"TPAK naik,Kelas sore,peserta,100,20,TPAK perempuan naik,Rp 100.000.000\n")
	programs := filepath.Join(dir, "programs.csv")
	writeTestFile(t, programs, "year,opd_code,opd_name,program,activity,budget,realization,gender_responsive,target_groups,"+
		"output_indicator,output_target,output_realized,beneficiaries_male,beneficiaries_female\n"+
		"2024,9.99.01,Dinas Uji,Program A,Pelatihan,100000000,95000000,ya,perempuan,peserta,120,115,25,90\n"+
		"2024,9.99.01,Dinas Uji,Program A,Posyandu,50000000,45000000,ya,ibu_hamil,posyandu,10,9,10,40\n"+
		"2024,9.99.01,Dinas Uji,Program B,Jalan,200000000,190000000,tidak,,km,5,5,,\n")
	readiness := filepath.Join(dir, "prasyarat.csv")
	writeTestFile(t, readiness, "tahun,kode_opd,prasyarat,status,bukti,catatan\n"+
		"2024,9.99.01,komitmen,ada,SK,\n2024,9.99.01,kebijakan,ada,Renstra,\n2024,9.99.01,kelembagaan,ada,Pokja,\n"+
		"2024,9.99.01,Sumber Daya,yes,,\n2024,9.99.01,data terpilah,ada,,\n2024,9.99.01,alat_analisis,sebagian,GAP,\n"+
		"2024,9.99.01,partisipasi_masyarakat,belum,,\n")
	// validate checks the GBS against the programs file validated with it, and loads nothing
	if code := s.run("validate", gbs, programs); code != ExitOK {
		t.Fatalf("validate: %d\n%s", code, s.errOut.String())
	}
	if code := s.run("ingest", gbs, readiness, programs); code != ExitOK {
		t.Fatalf("ingest: %d\n%s", code, s.errOut.String())
	}
	if code := s.run("run"); code != ExitOK {
		t.Fatalf("run: %d\n%s", code, s.errOut.String())
	}
	snap := snapshottest.OpenCurrent(t, warehouse.PublishedDir(s.db))

	var hasGBS, complete bool
	var female, male float64
	var factors, issue string
	if err := snap.QueryRow(`SELECT has_gbs, gbs_complete, female_target_achievement, male_target_achievement,
		array_to_string(gap_factors, ';'), gender_issue FROM program_evaluation WHERE activity = 'Pelatihan'`).
		Scan(&hasGBS, &complete, &female, &male, &factors, &issue); err != nil {
		t.Fatal(err)
	}
	if !hasGBS || !complete || female != 0.9 || male != 1.25 || factors != "akses;partisipasi" || issue != "TPAK perempuan rendah  " {
		t.Errorf("Pelatihan: has_gbs %v, complete %v, achievement P %v L %v, factors %q, issue %q; want true, true, 0.9, 1.25, akses;partisipasi, the text as written",
			hasGBS, complete, female, male, factors, issue)
	}
	findings := map[string]string{}
	rows, err := snap.Query(`SELECT activity, array_to_string(findings, ';') FROM program_evaluation`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var a, f string
		if err := rows.Scan(&a, &f); err != nil {
			t.Fatal(err)
		}
		findings[a] = f
	}
	rows.Close()
	if findings["Pelatihan"] != "" || findings["Posyandu"] != "responsive_without_gbs" || findings["Jalan"] != "" {
		t.Errorf("findings %v; want only Posyandu: responsive_without_gbs", findings)
	}

	var responsive, withGBS, met, partial int
	var addressed, grade string
	if err := snap.QueryRow(`SELECT responsive_activities, activities_with_gbs, array_to_string(gap_factors_addressed, ';'),
		prerequisites_met, prerequisites_partial, grade FROM opd_evaluation WHERE opd_code = '9.99.01' AND year = 2024`).
		Scan(&responsive, &withGBS, &addressed, &met, &partial, &grade); err != nil {
		t.Fatal(err)
	}
	// 1 of 2 responsive activities with a complete GBS (50 %), 5 prerequisites: C by the rule
	if responsive != 2 || withGBS != 1 || addressed != "akses;partisipasi" || met != 5 || partial != 1 || grade != "C" {
		t.Errorf("opd_evaluation: responsive %d, with GBS %d, factors %q, prerequisites %d + %d partly, grade %s; want 2, 1, akses;partisipasi, 5 + 1, C",
			responsive, withGBS, addressed, met, partial, grade)
	}

	// A GBS row for an activity that is not in the programs data is rejected with its line.
	bad := filepath.Join(dir, "gbs_salah.csv")
	writeTestFile(t, bad, "year,opd_code,program,activity,gender_issue,gap_factors\n"+
		"2024,9.99.01,Program A,Pelatihan,isu,manfaat\n2024,9.99.01,Program A,Tidak Ada,isu,manfaat\n")
	s.errOut.Reset()
	if code := s.run("ingest", bad); code != ExitRejected {
		t.Fatalf("ingest of a GBS naming an unknown activity: exit %d, want %d\n%s", code, ExitRejected, s.errOut.String())
	}
	if msg := s.errOut.String(); !strings.Contains(msg, "gbs_salah.csv:3:activity: field \"Tidak Ada\": no such activity in the programs data: year 2024, OPD 9.99.01") {
		t.Errorf("rejection message:\n%s", msg)
	}
}

// validate --annotate takes one XLSX file; a CSV file or two files are refused with a message.
func TestValidateAnnotateRefusals(t *testing.T) {
	s := newSession(t)
	dir := t.TempDir()
	csvFile := filepath.Join(dir, "a.csv")
	writeTestFile(t, csvFile, "year,opd_code,prasyarat,status\n2024,KOTA,komitmen,ada\n")
	out := filepath.Join(dir, "out.xlsx")
	if code := s.run("validate", "--annotate", out, csvFile, csvFile); code != ExitUsage ||
		!strings.Contains(s.errOut.String(), "--annotate writes the copy of one file") {
		t.Errorf("two files: exit %d\n%s", code, s.errOut.String())
	}
	s.errOut.Reset()
	if code := s.run("validate", "--annotate", out, csvFile); code != ExitFailure ||
		!strings.Contains(s.errOut.String(), "is not an XLSX workbook (expected an .xlsx file to annotate") {
		t.Errorf("a CSV file: exit %d\n%s", code, s.errOut.String())
	}
}
