package templates

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/setara-pug/setara/pipeline/ingest"
	"github.com/setara-pug/setara/pipeline/warehouse/warehousetest"
)

// filled are rows as an OPD clerk or an analyst types them into each template, by column name
// (values typed as text or as numbers, the way Excel stores what is typed).
var filled = map[string][]map[string]any{
	"regions": {{"region_code": "1275010001", "name": "Kelurahan Contoh", "level": "kelurahan", "parent_code": "1275010"}},
	"indicators": {
		{"region_code": "1275", "year": 2024, "indicator": "life_expectancy", "sex": "P", "value": 75.2, "source": "BPS Kota Medan"},
		{"region_code": "1275010", "year": 2024, "indicator": "labour_force_participation", "sex": "L", "value": 80.1},
	},
	"microdata": {
		{"region_code": "1275010", "year": 2024, "person_id": "0001", "weight": 120.5, "sex": "P", "age": 34, "years_schooling": 12,
			"labour_force_status": "bekerja", "earnings": 3500000, "ever_married": "ya", "last_birth_in_facility": "ya", "psu": "B01", "strata": "S1"},
		{"region_code": "1275010", "year": 2024, "person_id": "0002", "weight": 98, "sex": "L", "age": 40, "labour_force_status": "bukan angkatan kerja"},
	},
	"programs": {
		{"year": 2024, "opd_code": "2.08.01", "opd_name": "Dinas P3APM", "program": "Perlindungan Perempuan", "activity": "Pendampingan Korban",
			"budget": 450000000, "realization": 431500000, "gender_responsive": "ya", "target_groups": "perempuan; anak",
			"output_indicator": "korban didampingi", "output_target": 200, "output_realized": 180, "beneficiaries_male": 20, "beneficiaries_female": 160},
	},
	"gbs": {
		{"year": 2024, "opd_code": "2.08.01", "program": "Perlindungan Perempuan", "activity": "Pendampingan Korban",
			"gender_issue": "Korban jarang melapor", "data_basis": "Simfoni PPA 2023", "data_indicator": "labour_force_participation",
			"gap_factors": "akses; manfaat", "cause_internal": "Petugas sedikit", "cause_external": "Stigma", "objective": "Laporan naik",
			"action_plan": "Pos pengaduan", "output_indicator": "korban didampingi", "target_female": 170, "target_male": 30,
			"outcome_indicator": "Laporan naik 20 %", "budget": 450000000},
	},
	"readiness": {
		{"year": 2024, "opd_code": "KOTA", "prerequisite": "komitmen", "status": "ada", "evidence": "Perwal PUG"},
		{"year": 2024, "opd_code": "2.08.01", "prerequisite": "data_terpilah", "status": "sebagian"},
	},
}

// TestTemplatesRoundTrip generates every kind's template in both languages, fills it the way a
// person does (typing into the Data sheet under its header, leaving the notes, lists and guide
// alone), loads it with ingest as it is, and expects every row accepted.
func TestTemplatesRoundTrip(t *testing.T) {
	ctx := context.Background()
	for _, lang := range []string{"id", "en"} {
		t.Run(lang, func(t *testing.T) {
			s, err := warehousetest.Open(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			for _, kind := range Kinds {
				path := filepath.Join(s.Dir, kind+"_"+lang+".xlsx")
				fill(t, kind, lang, path)
				res, err := ingest.LoadFile(ctx, s.DB, path, ingest.Options{Now: s.Now})
				if err != nil {
					t.Fatalf("%s: %v", kind, err)
				}
				if res.Kind != kind || res.Rejected != 0 || res.Accepted != int64(len(filled[kind])) {
					t.Errorf("%s (%s): kind %s, %d accepted, %d rejected %v; want %s, %d, 0", kind, lang, res.Kind,
						res.Accepted, res.Rejected, res.Problems, kind, len(filled[kind]))
				}
			}
		})
	}
}

// fill writes kind's template to path with the rows of filled typed in.
func fill(t *testing.T, kind, lang, path string) {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, kind, Options{Lang: lang}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cols, _ := ingest.Contract(kind)
	header, err := f.GetRows(DataSheet)
	if err != nil || len(header) != 1 {
		t.Fatalf("%s: the Data sheet holds %d rows (%v), want the header alone", kind, len(header), err)
	}
	for i, row := range filled[kind] {
		for j, c := range cols {
			v, ok := row[c.Name]
			if !ok {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(j+1, i+2)
			if err := f.SetCellValue(DataSheet, cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// TestTemplateParts checks what a person sees: the header in the template's language, a note
// on every column, the dropdown lists, the rupiah format, the guide, and that the list sheet is
// hidden; an unknown kind is an error naming the kinds.
func TestTemplateParts(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, "programs", Options{}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{DataSheet, GuideSheet, listSheet}) {
		t.Errorf("sheets %v", got)
	}
	if visible, _ := f.GetSheetVisible(listSheet); visible {
		t.Errorf("the list sheet is visible")
	}
	rows, _ := f.GetRows(DataSheet)
	if want := "tahun,kode_opd,nama_opd,program,kegiatan,anggaran,realisasi,responsif_gender,kelompok_sasaran,indikator_keluaran," +
		"target_keluaran,realisasi_keluaran,penerima_laki_laki,penerima_perempuan"; strings.Join(rows[0], ",") != want {
		t.Errorf("header %v", rows[0])
	}
	comments, err := f.GetComments(DataSheet)
	if err != nil || len(comments) != len(rows[0]) {
		t.Errorf("%d notes for %d columns (%v)", len(comments), len(rows[0]), err)
	}
	var lists []string
	dvs, _ := f.GetDataValidations(DataSheet)
	for _, dv := range dvs {
		lists = append(lists, dv.Sqref+"="+dv.Formula1)
	}
	for _, want := range []string{"H2:H2001=Daftar!$A$1:$A$2", "I2:I2001=Daftar!$B$1:$B$5"} {
		if !slices.Contains(lists, want) {
			t.Errorf("dropdowns %v lack %s", lists, want)
		}
	}
	if v, _ := f.GetCellValue(listSheet, "B5"); v != "anak" {
		t.Errorf("target groups list ends with %q", v)
	}
	style, _ := f.GetCellStyle(DataSheet, "F2")
	if s, err := f.GetStyle(style); err != nil || s.CustomNumFmt == nil || !strings.Contains(*s.CustomNumFmt, "Rp") {
		t.Errorf("budget format: %+v %v", s, err)
	}
	guide, _ := f.GetRows(GuideSheet)
	if len(guide) < 10 || !strings.Contains(guide[0][0], "Templat program OPD") {
		t.Errorf("guide %v", guide)
	}
	var out bytes.Buffer
	if err := Write(&out, "table", Options{}); err == nil || !strings.Contains(err.Error(), "regions, indicators") {
		t.Errorf("template of a table: %v", err)
	}
}

// TestAnnotatedCopyMarksTheBadCells fills the programs template with a good row and two bad
// ones, validates it (loading nothing) and writes the annotated copy: the bad cells are
// coloured and carry the reason in Indonesian, the good row and the template's lists, notes and
// guide are untouched.
func TestAnnotatedCopyMarksTheBadCells(t *testing.T) {
	ctx := context.Background()
	s, err := warehousetest.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	good := filled["programs"][0]
	bad1, bad2 := map[string]any{}, map[string]any{}
	for k, v := range good {
		bad1[k], bad2[k] = v, v
	}
	bad1["activity"], bad1["budget"] = "Kegiatan Dua", "banyak"
	bad2["activity"], bad2["gender_responsive"] = "Kegiatan Tiga", "mungkin"
	filled["programs"] = append(filled["programs"], bad1, bad2)
	defer func() { filled["programs"] = filled["programs"][:1] }()
	src := filepath.Join(s.Dir, "program_opd.xlsx")
	fill(t, "programs", "id", src)

	res, err := ingest.LoadFile(ctx, s.DB, src, ingest.Options{DryRun: true, MaxProblems: 1000, Now: s.Now})
	if err != nil || res.Accepted != 1 || res.Rejected != 2 {
		t.Fatalf("validate: %+v, %v", res, err)
	}
	dst := filepath.Join(s.Dir, "program_opd.diperiksa.xlsx")
	n, err := ingest.Annotate(src, dst, res, "")
	if err != nil || n != 2 {
		t.Fatalf("Annotate: %d cells, %v; want 2", n, err)
	}
	f, err := excelize.OpenFile(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	comments, _ := f.GetComments(DataSheet)
	notes := map[string]string{}
	for _, c := range comments {
		var text strings.Builder
		for _, p := range c.Paragraph {
			text.WriteString(p.Text)
		}
		notes[c.Cell] = text.String()
	}
	for cell, want := range map[string]string{
		"F3": `setara: "banyak": bukan jumlah uang yang sah (seharusnya rupiah >= 0`,
		"H4": `setara: "mungkin": bukan nilai ya/tidak (seharusnya ya/tidak`,
	} {
		if !strings.HasPrefix(notes[cell], want) {
			t.Errorf("note of %s = %q, want it to start with %q", cell, notes[cell], want)
		}
		style, _ := f.GetCellStyle(DataSheet, cell)
		if st, err := f.GetStyle(style); err != nil || len(st.Fill.Color) == 0 || st.Fill.Color[0] != "F8C9C4" {
			t.Errorf("%s is not marked: %+v %v", cell, st, err)
		}
	}
	for _, cell := range []string{"F2", "H2", "F4"} {
		if strings.HasPrefix(notes[cell], "setara:") {
			t.Errorf("%s of a good field is marked: %q", cell, notes[cell])
		}
	}
	if !strings.Contains(notes["F1"], "Pagu anggaran") {
		t.Errorf("the template's column note is lost: %q", notes["F1"])
	}
	if got := f.GetSheetList(); !slices.Equal(got, []string{DataSheet, GuideSheet, listSheet}) {
		t.Errorf("sheets of the copy: %v", got)
	}
	if v, _ := f.GetCellValue(DataSheet, "F3"); v != "banyak" {
		t.Errorf("the copy changed the value: %q", v)
	}
}
