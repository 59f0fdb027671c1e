package ingest

import (
	"archive/zip"
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// maxTitleRows is how far down a sheet the header row may be (title rows above it).
const maxTitleRows = 50

// maxUnzipped bounds the inflated size of a workbook (all parts) and maxUnzippedPart that of
// each part other than worksheets: excelize inflates such parts into memory (worksheets over
// 16 MiB go to temporary files). A zip bomb is refused before anything is inflated; zip
// checks that no part inflates to more than its declared size.
const (
	maxUnzipped     = 1 << 30
	maxUnzippedPart = 64 << 20
)

func checkZipSizes(path string) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return fileError(path, "not a readable XLSX workbook (%v)", firstLine(err.Error()))
	}
	defer zr.Close()
	var total uint64
	for _, e := range zr.File {
		total += e.UncompressedSize64
		sheet := strings.HasPrefix(strings.ToLower(e.Name), "xl/worksheets/sheet")
		if !sheet && e.UncompressedSize64 > maxUnzippedPart {
			return fileError(path, "workbook part %q inflates to more than %d MiB (expected at most %d MiB: a zip bomb?)",
				clip(e.Name), maxUnzippedPart>>20, maxUnzippedPart>>20)
		}
	}
	if total > maxUnzipped {
		return fileError(path, "workbook inflates to more than %d MiB (expected at most %d MiB: a zip bomb?)", maxUnzipped>>20, maxUnzipped>>20)
	}
	return nil
}

func openSheet(path, sheet string) (*excelize.File, string, error) {
	if err := checkZipSizes(path); err != nil {
		return nil, "", err
	}
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true, UnzipSizeLimit: maxUnzipped})
	if err != nil {
		return nil, "", fileError(path, "not a readable XLSX workbook (%v)", firstLine(err.Error()))
	}
	if sheet != "" {
		if idx, err := f.GetSheetIndex(sheet); err != nil || idx < 0 {
			f.Close()
			return nil, "", fileError(path, "no sheet %q (expected one of %s)", sheet, strings.Join(f.GetSheetList(), ", "))
		}
		return f, sheet, nil
	}
	for _, s := range f.GetSheetList() {
		if visible, err := f.GetSheetVisible(s); err == nil && visible {
			return f, s, nil
		}
	}
	f.Close()
	return nil, "", fileError(path, "no visible sheet")
}

// sheetRows reads the rows of the sheet name of a workbook.
type sheetRows struct {
	*excelize.Rows
	f    *excelize.File
	name string
}

// openRows opens the rows of the workbook's sheet (see openSheet); Close closes the workbook.
func openRows(path, sheet string) (*sheetRows, error) {
	f, name, err := openSheet(path, sheet)
	if err != nil {
		return nil, err
	}
	rows, err := f.Rows(name)
	if err != nil {
		f.Close()
		return nil, fileError(path, "sheet %q: %v", name, err)
	}
	return &sheetRows{Rows: rows, f: f, name: name}, nil
}

// Close closes the rows, then the workbook.
func (r *sheetRows) Close() error {
	r.Rows.Close()
	return r.f.Close()
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// sniffXLSX finds the header row: the first row (within maxTitleRows) whose cells name the
// columns of a kind; rows above it are titles.
func sniffXLSX(path, sheet string) (header, error) {
	rows, err := openRows(path, sheet)
	if err != nil {
		return header{}, err
	}
	defer rows.Close()
	name := rows.name
	var h header
	var first []string
	for row := int64(1); rows.Next(); row++ {
		cells, err := rows.Columns()
		if err != nil {
			return header{}, fileError(path, "sheet %q row %d: %v", name, row, err)
		}
		if h.fields == nil {
			if row > maxTitleRows {
				break
			}
			if first == nil && len(cells) > 0 {
				first = cells
			}
			if _, err := DetectKind(cells); err == nil {
				h.fields, h.line = trimTrailingEmpty(cells), row
			}
			continue
		}
		if len(h.sample) >= sampleRows {
			break
		}
		h.sample = append(h.sample, cells)
	}
	if h.fields == nil {
		if first == nil {
			return header{}, fileError(path, "sheet %q is empty (expected a header row and rows)", name)
		}
		// No known header: report the first non-empty row as the header it failed to be,
		// unless --kind names the kind (then its required columns are reported missing).
		return header{fields: first, line: 1}, nil
	}
	return h, nil
}

func trimTrailingEmpty(cells []string) []string {
	for len(cells) > 0 && strings.TrimSpace(cells[len(cells)-1]) == "" {
		cells = cells[:len(cells)-1]
	}
	return cells
}

// landXLSX streams the sheet rows below the header into the landing table; the line of a
// record is its sheet row. Empty rows are skipped.
func landXLSX(ctx context.Context, conn *sql.Conn, path string, h header, opts Options) (landed, error) {
	rows, err := openRows(path, opts.Sheet)
	if err != nil {
		return landed{}, err
	}
	defer rows.Close()
	name := rows.name
	n := len(h.fields)
	err = withLander(ctx, conn, path, n, ";", func(l *lander) error {
		for row := int64(1); rows.Next(); row++ {
			cells, err := rows.Columns()
			if err != nil {
				return l.fileError(fmt.Errorf("sheet %q row %d: %w", name, row, err))
			}
			if row <= h.line || isEmptyRow(cells) {
				continue
			}
			if row%65536 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			cells = trimTrailingEmpty(cells)
			if len(cells) > n {
				if err := l.add(row, cells); err != nil { // rejected: more cells than header columns
					return err
				}
				continue
			}
			for len(cells) < n {
				cells = append(cells, "")
			}
			if err := l.add(row, cells); err != nil {
				return err
			}
		}
		if err := rows.Error(); err != nil {
			return l.fileError(err)
		}
		return nil
	})
	if err != nil {
		return landed{}, atFile(path, err)
	}
	return landed{from: "land", lineExpr: "line"}, nil
}

func isEmptyRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
