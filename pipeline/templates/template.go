// Package templates writes the Excel templates OPD staff and analysts fill: one workbook per
// input kind whose header row is the contract's column names (what ingest reads), with a note
// on every column saying what to write, a dropdown list wherever the contract has a fixed
// vocabulary, rupiah formats for amounts, and a "Petunjuk" sheet. A filled template loads with
// no editing.
//
// It belongs to the write side (pipeline/): the contracts are pipeline/ingest's (Contract),
// the vocabularies the embedded reference data (package data).
package templates

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/setara-pug/setara/data"
	"github.com/setara-pug/setara/pipeline/ingest"
)

// Kinds are the input kinds a template exists for, in load order.
var Kinds = []string{"regions", "indicators", "microdata", "programs", "gbs", "readiness"}

// Rows is how many rows below the header carry the dropdowns and formats.
const Rows = 2000

// Sheet names: the data sheet comes first (ingest reads the first visible sheet).
const (
	DataSheet  = "Data"
	GuideSheet = "Petunjuk"
	listSheet  = "Daftar" // hidden: the dropdowns' values
)

// Options choose a template's language.
type Options struct {
	Lang string // "id" (default): Indonesian column names and notes; "en": English
	// OPDs, when set, are the only codes the opd_code column's dropdown offers (an OPD's own
	// template, for its contributor's upload).
	OPDs []string
}

// vocabulary is a column's fixed list of values; open means other values are allowed (a
// list of several, such as target groups "perempuan; anak"), so Excel only informs.
type vocabulary struct {
	values []string
	open   bool
}

// Write writes the template of kind to w.
func Write(w io.Writer, kind string, opts Options) error {
	cols, ok := ingest.Contract(kind)
	if !ok {
		return fmt.Errorf("template: no template for kind %q (expected one of %s)", kind, strings.Join(Kinds, ", "))
	}
	en := opts.Lang == "en"
	if opts.Lang != "" && opts.Lang != "id" && !en {
		return fmt.Errorf("template: --lang %q: expected id or en", opts.Lang)
	}
	vocab, err := vocabularies()
	if err != nil {
		return err
	}
	if len(opts.OPDs) > 0 {
		vocab["*.opd_code"] = vocabulary{values: opts.OPDs}
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", DataSheet); err != nil {
		return err
	}
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"7B1F5C"}}})
	if err != nil {
		return err
	}
	required, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF", Underline: "single"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"7B1F5C"}}})
	if err != nil {
		return err
	}
	rupiahFmt := `"Rp" #,##0`
	rupiah, err := f.NewStyle(&excelize.Style{CustomNumFmt: &rupiahFmt})
	if err != nil {
		return err
	}
	textFmt, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": codes keep their leading zeros and dots
	if err != nil {
		return err
	}
	if _, err := f.NewSheet(GuideSheet); err != nil {
		return err
	}
	if _, err := f.NewSheet(listSheet); err != nil {
		return err
	}
	listCol := 0
	for i, c := range cols {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		colName, _ := excelize.ColumnNumberToName(i + 1)
		name, note := c.NameID, c.NoteID
		if en {
			name, note = c.Name, c.NoteEN
		}
		if err := f.SetCellStr(DataSheet, cell, name); err != nil {
			return err
		}
		style := header
		if c.Required {
			style = required
		}
		if err := f.SetCellStyle(DataSheet, cell, cell, style); err != nil {
			return err
		}
		if err := f.AddComment(DataSheet, excelize.Comment{Cell: cell, Author: "setara",
			Paragraph: []excelize.RichTextRun{{Text: note}}}); err != nil {
			return err
		}
		if err := f.SetColWidth(DataSheet, colName, colName, float64(max(12, min(40, len(name)+4)))); err != nil {
			return err
		}
		body := fmt.Sprintf("%s2:%s%d", colName, colName, Rows+1)
		switch {
		case amountColumn(c.Name):
			if err := f.SetCellStyle(DataSheet, colName+"2", fmt.Sprintf("%s%d", colName, Rows+1), rupiah); err != nil {
				return err
			}
		case codeColumn(c.Name):
			if err := f.SetCellStyle(DataSheet, colName+"2", fmt.Sprintf("%s%d", colName, Rows+1), textFmt); err != nil {
				return err
			}
		}
		v, ok := vocab[kind+"."+c.Name]
		if !ok {
			v, ok = vocab["*."+c.Name]
		}
		if !ok {
			continue
		}
		listCol++
		lc, _ := excelize.ColumnNumberToName(listCol)
		for j, value := range v.values {
			if err := f.SetCellStr(listSheet, fmt.Sprintf("%s%d", lc, j+1), value); err != nil {
				return err
			}
		}
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(body)
		dv.SetSqrefDropList(fmt.Sprintf("%s!$%s$1:$%s$%d", listSheet, lc, lc, len(v.values)))
		errStyle, title, msg := excelize.DataValidationErrorStyleStop, "Nilai tidak dikenal", "Pilih nilai dari daftar."
		if en {
			title, msg = "Unknown value", "Pick a value from the list."
		}
		if v.open {
			errStyle = excelize.DataValidationErrorStyleInformation
			msg = "Beberapa nilai boleh dipisah titik koma (;)."
			if en {
				msg = "Several values may be separated by semicolons (;)."
			}
		}
		dv.SetError(errStyle, title, msg)
		if err := f.AddDataValidation(DataSheet, dv); err != nil {
			return err
		}
	}
	if err := f.SetPanes(DataSheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := writeGuide(f, kind, cols, en); err != nil {
		return err
	}
	if err := f.SetSheetVisible(listSheet, false); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}

func amountColumn(name string) bool {
	return name == "budget" || name == "realization" || name == "earnings"
}

func codeColumn(name string) bool {
	return name == "region_code" || name == "parent_code" || name == "opd_code" || name == "person_id" || name == "psu" || name == "strata"
}

// writeGuide fills the Petunjuk sheet: what the file is for, how to fill it and every column.
func writeGuide(f *excelize.File, kind string, cols []ingest.Column, en bool) error {
	lines := guideID[kind]
	colHead := []string{"Kolom", "Wajib", "Isi"}
	yes, no := "ya", "tidak"
	if en {
		lines = guideEN[kind]
		colHead = []string{"Column", "Required", "What to write"}
		yes, no = "yes", "no"
	}
	row := 1
	for _, l := range lines {
		if err := f.SetCellStr(GuideSheet, fmt.Sprintf("A%d", row), l); err != nil {
			return err
		}
		row++
	}
	row++
	for i, h := range colHead {
		cell, _ := excelize.CoordinatesToCellName(i+1, row)
		if err := f.SetCellStr(GuideSheet, cell, h); err != nil {
			return err
		}
	}
	for _, c := range cols {
		row++
		name, note, req := c.NameID, c.NoteID, no
		if en {
			name, note = c.Name, c.NoteEN
		}
		if c.Required {
			req = yes
		}
		for i, v := range []string{name, req, note} {
			cell, _ := excelize.CoordinatesToCellName(i+1, row)
			if err := f.SetCellStr(GuideSheet, cell, v); err != nil {
				return err
			}
		}
	}
	if err := f.SetColWidth(GuideSheet, "A", "A", 34); err != nil {
		return err
	}
	return f.SetColWidth(GuideSheet, "C", "C", 90)
}

var common = []string{
	"Isi satu baris per data mulai baris 2 lembar Data; jangan ubah baris judul kolom.",
	"Kolom bergaris bawah wajib diisi. Arahkan kursor ke judul kolom untuk catatan pengisian.",
	"Periksa berkas dengan `setara validate BERKAS.xlsx` atau unggah lewat halaman Unggah: setiap masalah disebut dengan baris dan kolomnya.",
}

var commonEN = []string{
	"Fill one row per record from row 2 of the Data sheet; do not change the header row.",
	"Underlined columns are required. Hover over a column header for how to fill it.",
	"Check the file with `setara validate FILE.xlsx` or upload it on the Upload page: every problem is named with its row and column.",
}

var guideID = map[string][]string{
	"regions":    append([]string{"Templat wilayah setara: wilayah yang belum ada di tabel wilayah BPS bawaan (misalnya kelurahan)."}, common...),
	"indicators": append([]string{"Templat indikator setara: nilai indikator terpilah menurut jenis kelamin yang dipublikasikan (BPS, OPD)."}, common...),
	"microdata":  append([]string{"Templat data mikro setara: satu baris per responden survei (Susenas, Sakernas). Data perorangan: simpan dengan aman."}, common...),
	"programs":   append([]string{"Templat program OPD setara: satu baris per kegiatan per tahun anggaran, dengan anggaran, realisasi, keluaran dan penerima manfaat menurut jenis kelamin."}, common...),
	"gbs":        append([]string{"Templat GBS (Gender Budget Statement / Lembar Anggaran Responsif Gender) setara: satu baris per kegiatan responsif gender; tahun, OPD, program dan kegiatan harus sama persis dengan data program."}, common...),
	"readiness":  append([]string{"Templat prasyarat PUG setara: tujuh baris per OPD per tahun (komitmen, kebijakan, kelembagaan, sumber daya, data terpilah, alat analisis, partisipasi masyarakat); kode OPD KOTA untuk Kota Medan."}, common...),
}

var guideEN = map[string][]string{
	"regions":    append([]string{"setara regions template: regions missing from the built-in BPS region table (e.g. kelurahan)."}, commonEN...),
	"indicators": append([]string{"setara indicators template: published sex-disaggregated indicator values (BPS, OPDs)."}, commonEN...),
	"microdata":  append([]string{"setara microdata template: one row per survey respondent (Susenas, Sakernas). Person-level data: keep it safe."}, commonEN...),
	"programs":   append([]string{"setara OPD programs template: one row per activity and budget year, with budget, realization, outputs and beneficiaries by sex."}, commonEN...),
	"gbs":        append([]string{"setara GBS (Gender Budget Statement) template: one row per gender-responsive activity; year, OPD, program and activity exactly as in the programs data."}, commonEN...),
	"readiness":  append([]string{"setara PUG prerequisites template: seven rows per OPD and year (commitment, policy, institutions, resources, sex-disaggregated data, analysis tools, community participation); OPD code KOTA for Kota Medan."}, commonEN...),
}

// vocabularies are the fixed lists of the contracts' columns ("kind.column", or "*.column" for
// every kind), from the ingest rules and the reference data.
func vocabularies() (map[string]vocabulary, error) {
	regions, err := readCSV("regions.csv")
	if err != nil {
		return nil, err
	}
	var medan []string // Kota Medan and its kecamatan: the regions OPDs and analysts report on
	for _, r := range regions {
		if r["region_code"] == data.HomeRegion || r["parent_code"] == data.HomeRegion {
			medan = append(medan, r["region_code"])
		}
	}
	sort.Strings(medan)
	indicators, err := readCSV("indicators.csv")
	if err != nil {
		return nil, err
	}
	var codes []string
	for _, r := range indicators {
		codes = append(codes, r["code"])
	}
	yesNo := vocabulary{values: []string{"ya", "tidak"}}
	return map[string]vocabulary{
		"indicators.region_code":           {values: medan, open: true}, // other regions are allowed
		"microdata.region_code":            {values: medan, open: true},
		"regions.parent_code":              {values: medan, open: true},
		"regions.level":                    {values: []string{"kecamatan", "kelurahan", "desa", "kabupaten/kota", "provinsi", "negara"}},
		"indicators.indicator":             {values: codes},
		"gbs.data_indicator":               {values: codes},
		"indicators.sex":                   {values: []string{"P", "L", "T"}},
		"microdata.sex":                    {values: []string{"P", "L"}},
		"programs.gender_responsive":       yesNo,
		"microdata.ever_married":           yesNo,
		"microdata.last_birth_in_facility": yesNo,
		"microdata.labour_force_status":    {values: []string{"bekerja", "pengangguran", "bukan angkatan kerja"}},
		"programs.target_groups":           {values: []string{"perempuan", "disabilitas", "lansia", "ibu_hamil", "anak"}, open: true},
		"gbs.gap_factors":                  {values: []string{"akses", "partisipasi", "kontrol", "manfaat"}, open: true},
		"readiness.prerequisite":           {values: data.Prerequisites},
		"readiness.status":                 {values: []string{"ada", "sebagian", "belum"}},
	}, nil
}

func readCSV(name string) ([]map[string]string, error) {
	b, err := data.Reference.ReadFile(name)
	if err != nil {
		return nil, err
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("template: data/%s: %w", name, err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out, nil
}
