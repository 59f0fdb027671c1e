package ingest

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	duckdb "github.com/duckdb/duckdb-go/v2"
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

// landCSV prepares the DuckDB reader over the file. For a direct kind it only returns the
// reader as the landing relation: the checks read the file once (see checkRows and
// verifyDirect). Otherwise it lands the file as text and checks that every record sat on its
// own line (lines = header + records + rejected lines). When that fails (quoted newlines,
// blank lines, an unterminated quote), the Go reader lands it again with exact line numbers.
func landCSV(ctx context.Context, conn *sql.Conn, path string, h header, direct bool, waitDigest func() digest) (landed, error) {
	n := len(h.fields)
	cols := make([]string, n)
	for i := range cols {
		cols[i] = "'c" + strconv.Itoa(i) + "': 'VARCHAR'"
	}
	for name, v := range map[string]any{"ingest_path": path, "ingest_delim": h.delim, "ingest_fields": n, "ingest_header_line": h.line} {
		if _, err := conn.ExecContext(ctx, "SET VARIABLE "+name+" = ?", v); err != nil {
			return landed{}, fmt.Errorf("%s: %w", path, err)
		}
	}
	reader := strings.Replace(sqlFile("land_csv.sql"), "/*columns*/", "{"+strings.Join(cols, ", ")+"}", 1)
	if direct {
		return landed{from: reader + " AS land", lineExpr: "NULL::BIGINT", direct: true}, nil
	}
	var records, rejects int64
	_, err := conn.ExecContext(ctx, "CREATE OR REPLACE TEMP TABLE land AS SELECT * FROM "+reader)
	if err == nil {
		_, err = execFile(ctx, conn, "land_rejects.sql")
	}
	if err == nil {
		err = conn.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM land), (SELECT count(*) FROM land_reject)`).Scan(&records, &rejects)
	}
	d := waitDigest()
	if d.err != nil {
		return landed{}, fileError(path, "%v", unwrapPathError(d.err))
	}
	if err == nil && h.line+records+rejects == d.lines {
		if rejects == 0 {
			return landed{from: "land", lineExpr: "land.rowid + " + strconv.FormatInt(h.line+1, 10)}, nil
		}
		if _, err := execFile(ctx, conn, "land_shift.sql"); err != nil {
			return landed{}, fmt.Errorf("%s: %w", path, err)
		}
		return landed{
			from:     "land ASOF LEFT JOIN land_shift s ON land.rowid >= s.k",
			lineExpr: "land.rowid + " + strconv.FormatInt(h.line+1, 10) + " + coalesce(s.shift, 0)",
		}, nil
	}
	if err := landCSVExact(ctx, conn, path, h); err != nil {
		return landed{}, err
	}
	return landed{from: "land", lineExpr: "line"}, nil
}

// verifyDirect runs after the checks read a direct CSV (checkRows materialised check_row):
// it collects the reader's structural rejects and numbers the records. Record k (the k-th
// row of check_row, its rowid) sits on line k + header line + 1 + (rejected lines before
// it), provided that every record sat on its own line. When that fails, the Go reader lands
// the file with exact line numbers and the checks run again over that landing table.
func verifyDirect(ctx context.Context, conn *sql.Conn, path string, h header, spec kindSpec, pos []int, d digest, checkErr error) (rowLine string, join string, err error) {
	var records, rejects int64
	err = checkErr
	if err == nil {
		_, err = execFile(ctx, conn, "land_rejects.sql")
	}
	if err == nil {
		err = conn.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM check_row), (SELECT count(*) FROM land_reject)`).Scan(&records, &rejects)
	}
	first := strconv.FormatInt(h.line+1, 10)
	if err == nil && h.line+records+rejects == d.lines {
		if rejects == 0 {
			return "r.rowid + " + first, "", nil
		}
		if _, err := execFile(ctx, conn, "land_shift.sql"); err != nil {
			return "", "", fmt.Errorf("%s: %w", path, err)
		}
		return "r.rowid + " + first + " + coalesce(s.shift, 0)", "ASOF LEFT JOIN land_shift s ON r.rowid >= s.k", nil
	}
	if err := landCSVExact(ctx, conn, path, h); err != nil {
		return "", "", err
	}
	if err := checkRows(ctx, conn, spec, pos, landed{from: "land", lineExpr: "line"}); err != nil {
		return "", "", fmt.Errorf("%s: %w", path, err)
	}
	return "r.line", "", nil
}

// createLand makes the landing table for readers that know each record's line.
func createLand(ctx context.Context, conn *sql.Conn, n int) error {
	cols := make([]string, n)
	for i := range cols {
		cols[i] = "c" + strconv.Itoa(i) + " VARCHAR"
	}
	_, err := conn.ExecContext(ctx, "CREATE OR REPLACE TEMP TABLE land (line BIGINT, "+strings.Join(cols, ", ")+")")
	if err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, "DELETE FROM land_reject")
	return err
}

// landHeader fills land_header through an appender (a header may have 10,000 columns).
func landHeader(conn *sql.Conn, fields []string) error {
	return conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return errors.New("not a DuckDB connection")
		}
		a, err := duckdb.NewAppender(c, "temp", "main", "land_header")
		if err != nil {
			return err
		}
		for i, f := range fields {
			if err := a.AppendRow(int32(i), strings.TrimSpace(f)); err != nil {
				a.Close()
				return err
			}
		}
		return a.Close()
	})
}

// lander appends landing rows and structural rejects through DuckDB appenders.
type lander struct {
	n             int
	rows, rejects *duckdb.Appender
	delim         string
	row           []driver.Value
}

func withLander(ctx context.Context, conn *sql.Conn, n int, delim string, fill func(*lander) error) error {
	if err := createLand(ctx, conn, n); err != nil {
		return err
	}
	return conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return errors.New("not a DuckDB connection")
		}
		rows, err := duckdb.NewAppender(c, "temp", "main", "land")
		if err != nil {
			return err
		}
		rejects, err := duckdb.NewAppender(c, "temp", "main", "land_reject")
		if err != nil {
			rows.Close()
			return err
		}
		l := &lander{n: n, rows: rows, rejects: rejects, delim: delim, row: make([]driver.Value, n+1)}
		ferr := fill(l)
		err1, err2 := rows.Close(), rejects.Close()
		return errors.Join(ferr, err1, err2)
	})
}

// add lands one record, or rejects it when its shape is wrong.
func (l *lander) add(line int64, rec []string) error {
	for i, v := range rec {
		if !utf8.ValidString(v) {
			return l.reject(line, i, strings.ToValidUTF8(strings.Join(rec, l.delim), "\uFFFD"), "invalid text encoding (expected UTF-8)")
		}
	}
	if len(rec) != l.n {
		pos := len(rec)
		if len(rec) > l.n {
			pos = -1
		}
		return l.reject(line, pos, strings.Join(rec, l.delim),
			fmt.Sprintf("row has %d fields (expected %d, as in the header)", len(rec), l.n))
	}
	l.row[0] = line
	for i, v := range rec {
		l.row[i+1] = v
	}
	return l.rows.AppendRow(l.row...)
}

func (l *lander) reject(line int64, pos int, value, reason string) error {
	var p driver.Value
	if pos >= 0 {
		p = int32(pos)
	}
	return l.rejects.AppendRow(line, p, value, reason)
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
	err = withLander(ctx, conn, len(h.fields), h.delim, func(l *lander) error {
		from, lineBase, skipHeader := start, int64(0), true
		for {
			next, nextLine, err := scanCSV(ctx, l, f, from, st.Size(), lineBase, skipHeader, h)
			if err != nil || next < 0 {
				return err
			}
			from, lineBase, skipHeader = next, nextLine-1, false
		}
	})
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
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
// after a record whose open quote ran over several lines.
func scanCSV(ctx context.Context, l *lander, f *os.File, from, size, lineBase int64, skipHeader bool, h header) (next, nextLine int64, err error) {
	bounded := &boundedReader{r: io.NewSectionReader(f, from, size-from), limit: maxRecord}
	r := csv.NewReader(bufio.NewReaderSize(bounded, 1<<20))
	r.Comma = rune(h.delim[0])
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	if skipHeader {
		if _, err := r.Read(); err != nil {
			return -1, 0, fmt.Errorf("cannot read the header: %v", err)
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
			return -1, 0, fmt.Errorf("below line %d: %w", last, err)
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
				if err != nil || off < 0 {
					return -1, 0, err
				}
				return off, start + 1, nil
			}
			continue
		}
		if err != nil {
			return -1, 0, err
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
