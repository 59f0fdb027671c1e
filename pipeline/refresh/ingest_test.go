package refresh

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/setara-pug/setara/pipeline/internal/csvtest"
	"github.com/setara-pug/setara/pipeline/snapshot/snapshottest"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

// With the real ingest and stages: a strict inbox file with one bad row loads nothing and goes
// to failed/ with its errors file; the good file beside it is loaded and published.
func TestRefreshStrictInboxFileWithOneBadRow(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "w.duckdb")
	r := New(Options{DBPath: dbPath, Now: func() time.Time { return t0 }})
	defer r.Close()
	old := t0.Add(-time.Hour)
	writeFile(t, filepath.Join(r.Inbox(), "good.csv"),
		"region_code,year,indicator,sex,value\n1275,2024,life_expectancy,P,74.5\n1275,2024,life_expectancy,L,70.25\n", old)
	writeFile(t, filepath.Join(r.Inbox(), "bad.csv"),
		"region_code,year,indicator,sex,value\n1275,2023,life_expectancy,P,74.1\n1275,2023,life_expectancy,L,abc\n1275,2023,labour_force_participation,P,55\n", old)

	rep, err := r.RunOnce(ctx)
	if err != nil {
		t.Fatalf("refresh: %v", err)
	}
	if rep.Status != StatusPartial || rep.FilesTaken != 2 || rep.FailedFiles() != 1 || rep.RowsLoaded != 2 {
		t.Errorf("report %+v: want partial, 2 files taken, 1 failed, 2 rows loaded", rep)
	}
	failed := filepath.Join(r.Inbox(), FailedDir, "2026-11-29", "bad.csv")
	if _, err := os.Stat(failed); err != nil {
		t.Errorf("bad file not in failed/: %v", err)
	}
	if _, err := os.Stat(filepath.Join(r.Inbox(), ProcessedDir, "2026-11-29", "good.csv")); err != nil {
		t.Errorf("good file not in processed/: %v", err)
	}
	recs := csvtest.Records(t, failed+".errors.csv")
	if len(recs) != 2 || strings.Join(recs[0], ",") != "line,column,value,reason" {
		t.Fatalf("errors file %q: want a header and one row", recs)
	}
	if got := recs[1]; got[0] != "3" || got[1] != "value" || got[2] != "abc" || got[3] == "" {
		t.Errorf("errors row %q: want line 3, column value, value abc and a reason", got)
	}
	for _, f := range rep.Files {
		if f.Name == "bad.csv" && (f.Outcome != OutcomeFailed || !strings.HasPrefix(f.Reason, `bad.csv:3:value: field "abc": `)) {
			t.Errorf("bad.csv: outcome %s, reason %q", f.Outcome, f.Reason)
		}
	}

	// Nothing of the bad file reached the facts; the good file was published.
	w, err := warehouse.Open(ctx, dbPath, func() time.Time { return t0 })
	if err != nil {
		t.Fatal(err)
	}
	var raw2023, runs int
	var files, rows int64
	w.DB.QueryRowContext(ctx, `SELECT count(*) FROM raw_indicator WHERE year = 2023`).Scan(&raw2023)
	w.DB.QueryRowContext(ctx, `SELECT count(*), max(files_taken), max(rows_loaded) FROM run WHERE trigger = 'refresh' AND status = 'succeeded'`).Scan(&runs, &files, &rows)
	w.Close()
	if raw2023 != 0 {
		t.Errorf("%d rows of the rejected file are in raw_indicator", raw2023)
	}
	if runs != 1 || files != 2 || rows != 2 {
		t.Errorf("run history: %d succeeded refresh runs, files %d, rows %d; want 1, 2, 2", runs, files, rows)
	}
	db := snapshottest.OpenCurrent(t, warehouse.PublishedDir(dbPath))
	var v float64
	if err := db.QueryRowContext(ctx, `SELECT value FROM indicator_value WHERE region_code = '1275' AND year = 2024 AND indicator = 'life_expectancy' AND sex = 'L'`).Scan(&v); err != nil || v != 70.25 {
		t.Errorf("published life_expectancy L 2024 = %v, %v; want 70.25", v, err)
	}

	// Fixed and dropped in again, the file loads.
	writeFile(t, filepath.Join(r.Inbox(), "bad.csv"),
		"region_code,year,indicator,sex,value\n1275,2023,life_expectancy,P,74.1\n1275,2023,life_expectancy,L,70\n1275,2023,labour_force_participation,P,55\n", old)
	if rep, err := r.RunOnce(ctx); err != nil || rep.Status != StatusSucceeded || rep.RowsLoaded != 3 {
		t.Errorf("refresh of the fixed file: %v, %+v", err, rep)
	}
}

// A BPS-style table dropped in the inbox is recognised by its layout and loaded; its facts
// are published like a long file's.
func TestRefreshLoadsABPSTable(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "w.duckdb")
	r := New(Options{DBPath: dbPath, Now: func() time.Time { return t0 }})
	defer r.Close()
	writeFile(t, filepath.Join(r.Inbox(), "uhh_sumut.csv"),
		"Umur Harapan Hidup (UHH) menurut Kabupaten/Kota dan Jenis Kelamin, 2024\n"+
			"Kabupaten/Kota;Laki-laki;Perempuan\nKota Medan;71,44;75,39\nKab. Labuhan Batu;68,93;…\nSumber: BPS Provinsi Sumatera Utara\n",
		t0.Add(-time.Hour))
	rep, err := r.RunOnce(ctx)
	if err != nil || rep.Status != StatusSucceeded || rep.RowsLoaded != 3 {
		t.Fatalf("refresh: %v, %+v; want 3 facts loaded", err, rep)
	}
	db := snapshottest.OpenCurrent(t, warehouse.PublishedDir(dbPath))
	var v float64
	var source string
	if err := db.QueryRowContext(ctx, `SELECT value, source FROM indicator_value WHERE region_code = '1207' AND year = 2024 AND indicator = 'life_expectancy' AND sex = 'L'`).Scan(&v, &source); err != nil || v != 68.93 || source != "BPS Provinsi Sumatera Utara" {
		t.Errorf("published UHH L 2024 of Labuhanbatu = %v from %q, %v; want 68.93 from the footnote", v, source, err)
	}
}

// A regions file headed in Indonesian loads before the facts that use its regions, whatever
// its name; a facts file headed in Indonesian is no regions file; a gbs file, by its name or
// its header, loads after the programs whose activities it names.
func TestLoadOrderByNameAndHeader(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"a_kelurahan.csv": "kode_wilayah,nama,tingkat,kode_induk\nQ1,Kelurahan Satu,village,1275010\n",
		"b_facts.csv":     "kode_wilayah,tahun,indikator,jenis_kelamin,nilai,kode_induk,tingkat\nQ1,2024,uhh,P,74\n",
		"a_lembar.csv":    "tahun,kode_opd,program,kegiatan,isu_gender,faktor_kesenjangan\n2024,1.01,P,K,isu,akses\n",
		"0_gbs.xlsx":      "",
		"z_programs.csv":  "year,opd_code,opd_name,program,activity,budget,realization,gender_responsive\n",
	} {
		writeFile(t, filepath.Join(dir, name), body, t0)
	}
	take, _, err := scan(dir, t0.Add(time.Hour), time.Second, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range take {
		got = append(got, c.Name)
	}
	if want := "a_kelurahan.csv b_facts.csv z_programs.csv 0_gbs.xlsx a_lembar.csv"; strings.Join(got, " ") != want {
		t.Errorf("load order %q, want %q", strings.Join(got, " "), want)
	}
}

// The survey of an inbox file is read from its name after a double underscore; its batch
// records it and the microdata estimates carry it as their source.
func TestSurveyFromTheFileName(t *testing.T) {
	for name, want := range map[string]string{
		"mikro_medan__Susenas_Maret_2023.csv":      "Susenas Maret 2023",
		"sakernas__Sakernas__Agustus 2024.parquet": "Sakernas Agustus 2024",
		"mikro_medan.csv":                          "",
		"a__.csv":                                  "",
	} {
		if got := SurveyOf(filepath.Join("inbox", name)); got != want {
			t.Errorf("SurveyOf(%q) = %q, want %q", name, got, want)
		}
	}
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "w.duckdb")
	r := New(Options{DBPath: dbPath, Now: func() time.Time { return t0 }})
	defer r.Close()
	var b strings.Builder
	b.WriteString("region_code,year,person_id,weight,sex,age,labour_force_status\n")
	for i := 0; i < 60; i++ {
		sex, status := "P", "employed"
		if i%2 == 1 {
			sex = "L"
		}
		if i%3 == 0 {
			status = "not_in_labour_force"
		}
		fmt.Fprintf(&b, "1275010,2024,p%d,100,%s,%d,%s\n", i, sex, 20+i%40, status)
	}
	writeFile(t, filepath.Join(r.Inbox(), "mikro_medan__Sakernas_Agustus_2024.csv"), b.String(), t0.Add(-time.Hour))
	if rep, err := r.RunOnce(ctx); err != nil || rep.Status != StatusSucceeded {
		t.Fatalf("refresh: %+v %v", rep, err)
	}
	db := snapshottest.OpenCurrent(t, warehouse.PublishedDir(dbPath))
	var survey, source string
	if err := db.QueryRowContext(ctx, `SELECT b.survey, v.source FROM batch b, indicator_value v
		WHERE b.kind = 'microdata' AND v.region_code = '1275010' AND v.indicator = 'labour_force_participation' AND v.sex = 'P'`).Scan(&survey, &source); err != nil {
		t.Fatal(err)
	}
	if survey != "Sakernas Agustus 2024" || !strings.Contains(source, "Sakernas Agustus 2024") {
		t.Errorf("batch survey %q, estimate source %q; want the survey of the file name", survey, source)
	}
}
