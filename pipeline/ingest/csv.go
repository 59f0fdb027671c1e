package ingest

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"
)

const sampleRows = 1000

// maxSniff bounds what sniffCSV reads (header and sample rows).
const maxSniff = 16 << 20

// maxRecord bounds one CSV record read by the Go reader (a quoted field may span lines): a
// longer record fails the file instead of filling the memory.
const maxRecord = 256 << 20

var bom = []byte{0xEF, 0xBB, 0xBF}

// sniffCSV reads the header line (line 1) and a sample of rows. The delimiter is the one of
// ',' and ';' that the header uses more.
func sniffCSV(path string) (header, error) {
	f, err := os.Open(path)
	if err != nil {
		return header{}, fileError(path, "%v", unwrapPathError(err))
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, bom) {
		br.Discard(3)
	}
	first, err := br.Peek(64 << 10)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return header{}, fileError(path, "%v", err)
	}
	if err := checkText(first); err != nil {
		return header{}, fileError(path, "%v", err)
	}
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	if len(bytes.TrimSpace(first)) == 0 {
		return header{}, fileError(path, "no header on line 1 (expected the column names)")
	}
	if err := checkHeaderLine(first); err != nil {
		return header{}, fileError(path, "%v", err)
	}
	delim := ","
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		delim = ";"
	}
	// The header and the sample come from the first maxSniff bytes only: a giant first
	// record must not be read into memory here.
	r := csv.NewReader(io.LimitReader(br, maxSniff))
	r.Comma = rune(delim[0])
	r.FieldsPerRecord = -1
	fields, err := r.Read()
	if err != nil {
		return header{}, fileError(path, "cannot read the header: %v", err)
	}
	for _, f := range fields {
		if !utf8.ValidString(f) {
			return header{}, fileError(path, "line 1 (the header) is not UTF-8 text: %q (expected UTF-8: save the file as \"CSV UTF-8\")",
				strings.ToValidUTF8(strings.Join(fields, delim), "\uFFFD"))
		}
	}
	h := header{fields: fields, line: 1, delim: delim}
	for len(h.sample) < sampleRows {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			continue
		}
		h.sample = append(h.sample, rec)
	}
	return h, nil
}

// checkText refuses a file whose start (after a UTF-8 BOM) is not UTF-8 text: UTF-16 or
// UTF-32 (by their byte order marks or their NUL bytes), or binary data. Invalid UTF-8 further
// down (e.g. Windows-1252 bytes in a value) rejects only the rows it is on.
func checkText(start []byte) error {
	switch {
	case bytes.HasPrefix(start, []byte{0xFF, 0xFE, 0, 0}), bytes.HasPrefix(start, []byte{0, 0, 0xFE, 0xFF}):
		return errors.New("UTF-32 text (expected UTF-8: save the file as \"CSV UTF-8\")")
	case bytes.HasPrefix(start, []byte{0xFF, 0xFE}), bytes.HasPrefix(start, []byte{0xFE, 0xFF}):
		return errors.New("UTF-16 text (expected UTF-8: save the file as \"CSV UTF-8\")")
	case bytes.IndexByte(start, 0) >= 0:
		return errors.New("binary data or UTF-16 text: NUL bytes in the first 64 KiB (expected a CSV file in UTF-8)")
	}
	return nil
}

// checkHeaderLine refuses a header line (without its \n) that holds a carriage return before
// its end: a file with old Mac (CR-only) line ends is one long line.
func checkHeaderLine(line []byte) error {
	line = bytes.TrimSuffix(line, []byte{'\r'})
	if i := bytes.IndexByte(line, '\r'); i >= 0 {
		return errors.New("line 1 has a carriage return inside (CR-only line ends? expected LF or CR LF line ends)")
	}
	return nil
}

// landCSV prepares DuckDB's reader over the file. For a direct kind it only returns the
// reader as the landing relation: the checks read the file once and number numbers their
// rows. Otherwise it lands the file as text in land, numbered by numberCSV.
func (l *loader) landCSV(ctx context.Context) (landed, error) {
	n := len(l.h.fields)
	cols := make([]string, n)
	for i := range cols {
		cols[i] = "'c" + strconv.Itoa(i) + "': 'VARCHAR'"
	}
	vars := map[string]any{"ingest_path": l.path, "ingest_delim": l.h.delim, "ingest_fields": n, "ingest_header_line": l.h.line}
	if err := setVariables(ctx, l.conn, vars); err != nil {
		return landed{}, fmt.Errorf("%s: %w", l.path, err)
	}
	// The reader's column list is one entry per header field: generated.
	reader := strings.Replace(sqlFile("land_csv.sql"), "/*columns*/", "{"+strings.Join(cols, ", ")+"}", 1)
	if l.spec.direct {
		return landed{from: reader + " AS land", lineExpr: "NULL::BIGINT", direct: true}, nil
	}
	// The text landing table is the generated reader's rows, so its statement is generated too.
	_, err := l.conn.ExecContext(ctx, "CREATE OR REPLACE TEMP TABLE land AS SELECT * FROM "+reader)
	num, err := l.numberCSV(ctx, "land", "land", err)
	switch {
	case err != nil:
		return landed{}, err
	case num.exact:
		return landed{from: "land", lineExpr: "line"}, nil
	case num.join != "":
		return landed{from: "land " + num.join, lineExpr: num.line}, nil
	default:
		return landed{from: "land", lineExpr: num.line}, nil
	}
}

// landCSVExact reads the CSV with encoding/csv, which knows where each record starts. A
// quote left open makes the rest of the file one record: that record's first line is rejected
// and reading resumes on the line after it, so the rows below still load.
func landCSVExact(ctx context.Context, conn *sql.Conn, path string, h header) error {
	f, err := os.Open(path)
	if err != nil {
		return fileError(path, "%v", unwrapPathError(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fileError(path, "%v", err)
	}
	var start int64
	b := make([]byte, 3)
	if n, _ := f.ReadAt(b, 0); n == 3 && bytes.Equal(b, bom) {
		start = 3
	}
	err = withLander(ctx, conn, path, len(h.fields), h.delim, func(l *lander) error {
		from, lineBase, skipHeader := start, int64(0), true
		for {
			next, nextLine, err := scanCSV(ctx, l, f, from, st.Size(), lineBase, skipHeader, h)
			if err != nil || next < 0 {
				return err
			}
			from, lineBase, skipHeader = next, nextLine-1, false
		}
	})
	return atFile(path, err)
}

// errRecordTooLong is returned by boundedReader when one record exceeds maxRecord bytes.
var errRecordTooLong = fmt.Errorf("a record longer than %d MiB (expected rows of a reasonable size)", maxRecord>>20)

// boundedReader fails once more than limit bytes are read since the last reset.
type boundedReader struct {
	r        io.Reader
	n, limit int64
}

func (b *boundedReader) Read(p []byte) (int, error) {
	if b.n >= b.limit {
		return 0, errRecordTooLong
	}
	if int64(len(p)) > b.limit-b.n {
		p = p[:b.limit-b.n]
	}
	n, err := b.r.Read(p)
	b.n += int64(n)
	return n, err
}

// scanCSV lands the records of f from byte offset from, whose first line is line lineBase+1.
// It returns next = -1 at the end of the file, or the offset and line number to resume from
// after a record whose open quote ran over several lines. What it cannot read of the file
// is a FileError; what it cannot land, the warehouse's.
func scanCSV(ctx context.Context, l *lander, f *os.File, from, size, lineBase int64, skipHeader bool, h header) (next, nextLine int64, err error) {
	bounded := &boundedReader{r: io.NewSectionReader(f, from, size-from), limit: maxRecord}
	r := csv.NewReader(bufio.NewReaderSize(bounded, 1<<20))
	r.Comma = rune(h.delim[0])
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	if skipHeader {
		if _, err := r.Read(); err != nil {
			return -1, 0, l.fileError(fmt.Errorf("cannot read the header: %v", err))
		}
	}
	last := lineBase + 1 // the last line read
	for i := 0; ; i++ {
		if i%65536 == 0 {
			if err := ctx.Err(); err != nil {
				return -1, 0, err
			}
		}
		bounded.n = 0
		recordStart := r.InputOffset()
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return -1, 0, nil
		}
		if errors.Is(err, errRecordTooLong) {
			return -1, 0, l.fileError(fmt.Errorf("below line %d: %w", last, err))
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			start := lineBase + int64(pe.StartLine)
			if err := l.reject(start, -1, strings.Join(rec, h.delim),
				"unterminated or misplaced quote (expected a closing \" after a quoted field)"); err != nil {
				return -1, 0, err
			}
			if pe.Line > pe.StartLine {
				off, err := lineAfter(f, from+recordStart, size)
				if err != nil {
					return -1, 0, l.fileError(err)
				}
				if off < 0 {
					return -1, 0, nil
				}
				return off, start + 1, nil
			}
			continue
		}
		if err != nil {
			return -1, 0, l.fileError(err)
		}
		line, _ := r.FieldPos(0)
		last = lineBase + int64(line)
		if err := l.add(last, rec); err != nil {
			return -1, 0, err
		}
	}
}

// lineAfter returns the offset just after the first \n at or after off (-1: none).
func lineAfter(f *os.File, off, size int64) (int64, error) {
	br := bufio.NewReader(io.NewSectionReader(f, off, size-off))
	n, err := br.ReadSlice('\n')
	for errors.Is(err, bufio.ErrBufferFull) {
		off += int64(len(n))
		n, err = br.ReadSlice('\n')
	}
	if errors.Is(err, io.EOF) {
		return -1, nil
	}
	if err != nil {
		return -1, err
	}
	return off + int64(len(n)), nil
}
