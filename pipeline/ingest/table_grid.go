package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

// A BPS-style table is read whole into a grid of text cells before its layout is known: such
// tables are small (a few hundred rows), and the header, the title above it and the
// footnotes below it can only be told apart by looking at all of them.

// maxTableBytes bounds the size of a table file, maxTableCells the cells of its grid: a long
// file of millions of facts is an indicators file, not a table.
const (
	maxTableBytes = 64 << 20
	maxTableCells = 4 << 20
)

// gridRow is one non-empty row of a table: its physical line (XLSX: sheet row) and its
// cells, trimmed.
type gridRow struct {
	line  int64
	cells []string
}

// cell is the trimmed text of cell j of the row ("" beyond its end).
func (r gridRow) cell(j int) string {
	if j < len(r.cells) {
		return r.cells[j]
	}
	return ""
}

// grid is the table's non-empty rows and the widest row's width.
type grid struct {
	rows  []gridRow
	width int
}

func (g *grid) add(line int64, cells []string) error {
	trimmed := make([]string, len(cells))
	empty := true
	for i, c := range cells {
		trimmed[i] = strings.TrimFunc(c, isBlank)
		if trimmed[i] != "" {
			empty = false
		}
	}
	if empty {
		return nil
	}
	trimmed = trimTrailingEmpty(trimmed)
	g.width = max(g.width, len(trimmed))
	g.rows = append(g.rows, gridRow{line: line, cells: trimmed})
	if len(g.rows)*g.width > maxTableCells {
		return fmt.Errorf("more than %d cells (expected a table of at most %d cells; load a long file as indicators)", maxTableCells, maxTableCells)
	}
	return nil
}

func isBlank(r rune) bool {
	return r == ' ' || r == '\t' || r == '\r' || r == '\n' || r == '\u00a0' || r == '\u2007' || r == '\u202f' || r == '\ufeff'
}

// readGrid reads the table at path (CSV or XLSX) into a grid.
func readGrid(path, format, sheet string) (grid, error) {
	if format == "xlsx" {
		return readGridXLSX(path, sheet)
	}
	return readGridCSV(path)
}

func readGridXLSX(path, sheet string) (grid, error) {
	rows, err := openRows(path, sheet)
	if err != nil {
		return grid{}, err
	}
	defer rows.Close()
	var g grid
	for row := int64(1); rows.Next(); row++ {
		cells, err := rows.Columns()
		if err != nil {
			return grid{}, fileError(path, "sheet %q row %d: %v", rows.name, row, err)
		}
		if err := g.add(row, cells); err != nil {
			return grid{}, fileError(path, "%v", err)
		}
	}
	if err := rows.Error(); err != nil {
		return grid{}, fileError(path, "sheet %q: %v", rows.name, err)
	}
	return g, nil
}

func readGridCSV(path string) (grid, error) {
	st, err := statInput(path)
	if err != nil {
		return grid{}, err
	}
	if st.Size() > maxTableBytes {
		return grid{}, fileError(path, "%d MiB is too large for a table (expected at most %d MiB; load a long file as indicators)",
			st.Size()>>20, maxTableBytes>>20)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return grid{}, fileError(path, "%v", unwrapPathError(err))
	}
	b = bytes.TrimPrefix(b, bom)
	if err := checkText(b[:min(len(b), 64<<10)]); err != nil {
		return grid{}, fileError(path, "%v", err)
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.Comma = tableDelimiter(b)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var g grid
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return g, nil
		}
		if err != nil {
			return grid{}, fileError(path, "%v (expected a CSV table)", err)
		}
		line, _ := r.FieldPos(0)
		for _, c := range rec {
			if !utf8.ValidString(c) {
				return grid{}, fileError(path, "line %d is not UTF-8 text (expected UTF-8: save the file as \"CSV UTF-8\")", line)
			}
		}
		if err := g.add(int64(line), rec); err != nil {
			return grid{}, fileError(path, "%v", err)
		}
	}
}

// tableDelimiter is the one of ',', ';' and tab that the first 50 lines use most.
func tableDelimiter(b []byte) rune {
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	counts := map[rune]int{}
	for i := 0; i < 50 && sc.Scan(); i++ {
		for _, d := range []rune{',', ';', '\t'} {
			counts[d] += strings.Count(sc.Text(), string(d))
		}
	}
	best := ','
	for _, d := range []rune{';', '\t'} {
		if counts[d] > counts[best] {
			best = d
		}
	}
	return best
}
