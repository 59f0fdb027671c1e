package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// header is what a reader learns before landing: the header fields, the line they are on,
// and a sample of data rows (for decimal-comma detection).
type header struct {
	fields []string
	line   int64 // physical line (XLSX: sheet row) of the header
	delim  string
	sample [][]string
}

// digest is the file's sha256 and physical line count.
type digest struct {
	sha   string
	lines int64
	err   error
}

var newline = []byte{'\n'}

func digestFile(path string) digest {
	f, err := os.Open(path)
	if err != nil {
		return digest{err: err}
	}
	defer f.Close()
	h := sha256.New()
	buf := make([]byte, 1<<20)
	var lines int64
	var last byte
	for {
		n, err := f.Read(buf)
		if n > 0 {
			h.Write(buf[:n])
			lines += int64(bytes.Count(buf[:n], newline))
			last = buf[n-1]
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return digest{err: err}
		}
	}
	if last != '\n' {
		lines++
	}
	return digest{sha: hex.EncodeToString(h.Sum(nil)), lines: lines}
}

func loadFile(ctx context.Context, conn *sql.Conn, path string, opts Options) (res Result, err error) {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	start := now()
	res = Result{File: filepath.Base(path), Format: formatOf(path)}
	defer func() { res.Seconds = now().Sub(start).Seconds() }()

	if opts.Kind != "" {
		if _, ok := specOf(opts.Kind); !ok {
			return res, fmt.Errorf("unknown kind %q (expected %s)", opts.Kind, strings.Join(Kinds(), ", "))
		}
	}
	switch opts.Decimal {
	case "", "auto", "comma", "point":
	default:
		return res, fmt.Errorf("unknown decimal format %q (expected auto, comma or point)", opts.Decimal)
	}
	st, err := statInput(path)
	if err != nil {
		return res, err
	}
	h, err := readHeader(ctx, conn, path, res.Format, opts)
	if err != nil {
		return res, err
	}
	spec, err := chooseKind(path, h.fields, opts.Kind)
	if err != nil {
		return res, err
	}
	res.Kind = spec.name
	pos, extra := spec.columnMap(h.fields)
	res.Ignored = extra

	stop := startProgress(opts.Progress, res.File, now)
	defer stop()

	// The digest runs beside DuckDB's read unless an earlier batch of the same size and kind
	// might be this very file: then it decides first whether there is anything to do.
	var earlier int64
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM batch WHERE size_bytes = ? AND kind = ? AND status = 'loaded'`,
		st.Size(), spec.name).Scan(&earlier); err != nil {
		return res, fmt.Errorf("%s: %w", path, err)
	}
	digestc := make(chan digest, 1)
	if earlier > 0 || opts.DryRun {
		d := digestFile(path)
		digestc <- d
		if d.err == nil && !opts.DryRun {
			var id sql.NullInt64
			if err := conn.QueryRowContext(ctx, `SELECT max(batch_id) FROM batch WHERE sha256 = ? AND kind = ? AND status = 'loaded'`,
				d.sha, spec.name).Scan(&id); err != nil {
				return res, fmt.Errorf("%s: %w", path, err)
			}
			if id.Valid {
				res.Unchanged, res.Status, res.BatchID = true, "unchanged", id.Int64
				return res, nil
			}
		}
	} else {
		go func() { digestc <- digestFile(path) }()
	}

	waitDigest := sync.OnceValue(func() digest { return <-digestc })
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	last := now()
	step := func(name string) {
		t := now()
		log.Debug("ingest step", "file", res.File, "step", name, "seconds", t.Sub(last).Seconds())
		last = t
	}
	if err := newLanding(ctx, conn, h.fields); err != nil {
		return res, fmt.Errorf("%s: %w", path, err)
	}
	var lnd landed
	switch res.Format {
	case "csv":
		lnd, err = landCSV(ctx, conn, path, h, spec.direct, waitDigest)
	case "xlsx":
		lnd, err = landXLSX(ctx, conn, path, h, opts)
	case "parquet":
		lnd = landParquet(h)
	}
	if err != nil {
		return res, err
	}
	step("land")

	decimal := opts.Decimal
	switch {
	case res.Format == "xlsx" && decimal != "point":
		// numeric cells come as stored (1234.5), text cells as typed (1.234,5): per value
		decimal = "cell"
	case decimal == "" || decimal == "auto":
		decimal = detectDecimal(spec, pos, h, res.Format)
	}
	if err := prepareSession(ctx, conn, spec, decimal); err != nil {
		return res, fmt.Errorf("%s: %w", path, err)
	}
	step("session")
	var batchID int64 // reserved by the one pass, if it declines
	if fastKind(spec, lnd, opts) {
		done, err := fastLoad(ctx, conn, path, st.Size(), h, spec, pos, lnd, waitDigest, opts, now, start, &res, &batchID, step, log)
		if err != nil {
			return res, err
		}
		if done {
			return res, nil
		}
	}
	// A direct CSV is read here, while the digest runs beside it.
	checkErr := checkRows(ctx, conn, spec, pos, lnd)
	if checkErr != nil && !lnd.direct {
		return res, fmt.Errorf("%s: %w", path, checkErr)
	}
	step("check")
	d := waitDigest()
	if d.err != nil {
		return res, fileError(path, "%v", unwrapPathError(d.err))
	}
	step("digest wait")
	rowLine, join := "r.line", ""
	if lnd.direct {
		if rowLine, join, err = verifyDirect(ctx, conn, path, h, spec, pos, d, checkErr); err != nil {
			return res, err
		}
		step("verify")
	}
	if err := findDuplicates(ctx, conn, spec, rowLine, join); err != nil {
		return res, fmt.Errorf("%s: %w", path, err)
	}
	step("duplicates")
	if err := commitBatch(ctx, conn, path, st.Size(), d.sha, spec, opts, now, start, step, batchID, &res); err != nil {
		return res, fmt.Errorf("%s: %w", path, err)
	}
	return res, nil
}

// newLanding makes the per-file scratch tables afresh (land_tables.sql: the reader's rejects,
// the header) and fills the header.
func newLanding(ctx context.Context, conn *sql.Conn, fields []string) error {
	if _, err := execFile(ctx, conn, "land_tables.sql"); err != nil {
		return err
	}
	return landHeader(conn, fields)
}

func chooseKind(path string, fields []string, kind string) (kindSpec, error) {
	if kind == "" {
		k, err := DetectKind(fields)
		if err != nil {
			return kindSpec{}, fileError(path, "%v", err)
		}
		kind = k
	}
	spec, _ := specOf(kind)
	if d := spec.duplicated(fields); d != "" {
		return kindSpec{}, fileError(path, "column %q appears more than once in the header (expected each column of a %s file once)", d, spec.name)
	}
	if m := spec.missing(fields); len(m) > 0 {
		return kindSpec{}, fileError(path, "missing required column(s) %s (expected the columns of a %s file: %s)",
			strings.Join(m, ", "), spec.name, strings.Join(spec.columns, ", "))
	}
	return spec, nil
}

// peekKind reads only the header of path to learn its kind (for load ordering).
func peekKind(path string, opts Options) (string, error) {
	if _, err := statInput(path); err != nil {
		return "", err
	}
	var h header
	var err error
	switch formatOf(path) {
	case "csv":
		h, err = sniffCSV(path)
	case "xlsx":
		h, err = sniffXLSX(path, opts.Sheet)
	default:
		return "", errors.New("not peeked")
	}
	if err != nil {
		return "", err
	}
	return DetectKind(h.fields)
}

func readHeader(ctx context.Context, conn *sql.Conn, path, format string, opts Options) (header, error) {
	switch format {
	case "xlsx":
		return sniffXLSX(path, opts.Sheet)
	case "parquet":
		return describeParquet(ctx, conn, path)
	default:
		return sniffCSV(path)
	}
}

// landed says how to read the landing data as rows of text with their lines.
type landed struct {
	from     string // FROM clause (generated from constants only)
	lineExpr string
	parquet  bool // columns need a cast to VARCHAR
	direct   bool // from is the CSV reader itself: lines are numbered after the checks
}

var (
	commaNumber = regexp.MustCompile(`^[+-]?([0-9]{1,3}(\.[0-9]{3})*|[0-9]+),[0-9]+$|^[+-]?[0-9]{1,3}(\.[0-9]{3}){2,}$`)
)

// detectDecimal picks "comma" when a semicolon CSV clearly writes numbers the Indonesian way
// (1.234,5) in its sample, else "point". (XLSX sheets decide per value: number_cell.sql.)
func detectDecimal(spec kindSpec, pos []int, h header, format string) string {
	if !(format == "csv" && h.delim == ";") {
		return "point"
	}
	for _, row := range h.sample {
		for _, c := range spec.numeric {
			p := pos[indexOf(spec.columns, c)]
			if p >= 0 && p < len(row) && commaNumber.MatchString(strings.TrimSpace(row[p])) {
				return "comma"
			}
		}
	}
	return "point"
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

// prepareSession creates the session helpers (macros, the declared regions) of a load.
func prepareSession(ctx context.Context, conn *sql.Conn, spec kindSpec, decimal string) error {
	if _, err := execFile(ctx, conn, "session.sql"); err != nil {
		return err
	}
	if _, err := execFile(ctx, conn, "number_"+decimal+".sql"); err != nil {
		return err
	}
	for name, v := range map[string]any{"ingest_decimal": decimal, "ingest_key": spec.key, "ingest_dup_column": spec.dupColumn} {
		if _, err := conn.ExecContext(ctx, "SET VARIABLE "+name+" = ?", v); err != nil {
			return err
		}
	}
	return nil
}

// checkRows creates the check views (checkViews) and runs the checks once into the table
// check_row: typed values, ok, the problem of a rejected row. It is the only full pass over
// the data besides the final insert.
func checkRows(ctx context.Context, conn *sql.Conn, spec kindSpec, pos []int, lnd landed) error {
	if err := checkViews(ctx, conn, spec, pos, lnd); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "CREATE OR REPLACE TEMP TABLE check_row AS SELECT * FROM check_rows"); err != nil {
		return fmt.Errorf("check_%s.sql: %w", spec.name, err)
	}
	return nil
}

// checkViews creates the src view over the landing data (text columns in the kind's order,
// plus line) and the kind's check view check_rows over it.
func checkViews(ctx context.Context, conn *sql.Conn, spec kindSpec, pos []int, lnd landed) error {
	cols := make([]string, len(spec.columns))
	for i, c := range spec.columns {
		switch {
		case pos[i] < 0:
			cols[i] = "NULL::VARCHAR AS " + c
		case lnd.parquet:
			cols[i] = "CAST(c" + strconv.Itoa(pos[i]) + " AS VARCHAR) AS " + c
		default:
			cols[i] = "c" + strconv.Itoa(pos[i]) + " AS " + c
		}
	}
	view := "CREATE OR REPLACE TEMP VIEW src AS SELECT " + lnd.lineExpr + " AS line, " + strings.Join(cols, ", ") + " FROM " + lnd.from
	if _, err := conn.ExecContext(ctx, view); err != nil {
		return fmt.Errorf("src view: %w", err)
	}
	_, err := execFile(ctx, conn, "check_"+spec.name+".sql")
	return err
}

// findDuplicates creates the checked view (check_row with each record's line: rowLine and
// join are generated from constants only) and the dup table of the rows whose key occurs
// more than once.
func findDuplicates(ctx context.Context, conn *sql.Conn, spec kindSpec, rowLine, join string) error {
	view := "CREATE OR REPLACE TEMP VIEW checked AS SELECT " + rowLine + " AS line, r.* EXCLUDE (line), coalesce(r.dup_raw, r." +
		spec.dupColumn + ") AS dup_value FROM check_row r " + join
	if spec.checkedFile != "" {
		view = strings.NewReplacer("/*line*/", rowLine, "/*join*/", join).Replace(sqlFile(spec.checkedFile))
	}
	if _, err := conn.ExecContext(ctx, view); err != nil {
		return fmt.Errorf("checked view: %w", err)
	}
	for _, f := range []string{"key_" + spec.name + ".sql", "dup.sql"} {
		if _, err := execFile(ctx, conn, f); err != nil {
			return err
		}
	}
	return nil
}

// commitBatch writes the batch in one transaction: accepted rows, rejected rows, the batch
// record (batchID, or a new id when 0). A dry run, or a strict load with rejects, keeps only what it must.
func commitBatch(ctx context.Context, conn *sql.Conn, path string, size int64, sha string, spec kindSpec,
	opts Options, now func() time.Time, start time.Time, step func(string), batchID int64, res *Result) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if batchID == 0 {
		if err := tx.QueryRowContext(ctx, `SELECT nextval('batch_id_seq')`).Scan(&batchID); err != nil {
			return err
		}
	}
	accepted, err := execFile(ctx, tx, "accept_"+spec.name+".sql", batchID)
	if err != nil {
		return err
	}
	step("accept")
	var records, structural int64
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM check_row), (SELECT count(*) FROM land_reject)`).Scan(&records, &structural); err != nil {
		return err
	}
	var rejected int64
	if records > accepted || structural > 0 {
		rejected, err = execFile(ctx, tx, "reject.sql", batchID, res.File, batchID, res.File, batchID, res.File)
		if err != nil {
			return err
		}
	}
	step("reject")
	status := "loaded"
	if opts.Strict && rejected > 0 {
		status = "rejected"
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+spec.table+" WHERE batch_id = ?", batchID); err != nil {
			return err
		}
		accepted = 0
	}
	if opts.DryRun {
		status = "validated"
	}
	res.BatchID, res.Accepted, res.Rejected, res.Status = batchID, accepted, rejected, status
	if rejected > 0 {
		if res.Problems, err = problems(ctx, tx, batchID, res.File); err != nil {
			return err
		}
	}
	if opts.DryRun {
		res.BatchID = 0
		var codes []string
		if spec.name == "regions" {
			if codes, err = acceptedRegions(ctx, tx); err != nil {
				return err
			}
		}
		if err := tx.Rollback(); err != nil {
			return err
		}
		for _, c := range codes {
			if _, err := conn.ExecContext(ctx, `INSERT INTO ingest_session_region VALUES (?)`, c); err != nil {
				return err
			}
		}
		return nil
	}
	if err := recordBatch(ctx, tx, path, size, sha, spec, opts, now, start, res); err != nil {
		return err
	}
	err = tx.Commit()
	step("commit")
	return err
}

// recordBatch writes the batch row of res (its id, counts and status are set).
func recordBatch(ctx context.Context, tx *sql.Tx, path string, size int64, sha string, spec kindSpec,
	opts Options, now func() time.Time, start time.Time, res *Result) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	end := now()
	_, err = tx.ExecContext(ctx, `INSERT INTO batch (batch_id, file_path, file_name, sha256, size_bytes, kind, format,
		rows_accepted, rows_rejected, strict, status, loaded_at, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		res.BatchID, abs, res.File, sha, size, spec.name, res.Format, res.Accepted, res.Rejected, opts.Strict, res.Status, end,
		end.Sub(start).Seconds())
	return err
}

func problems(ctx context.Context, q querier, batchID int64, file string) ([]Problem, error) {
	rows, err := q.QueryContext(ctx, `SELECT coalesce(line, 0), coalesce("column", ''), coalesce(value, ''), reason
		FROM rejected_row WHERE batch_id = ? ORDER BY line NULLS FIRST, "column" LIMIT `+strconv.Itoa(maxProblems), batchID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Problem
	for rows.Next() {
		p := Problem{File: file}
		if err := rows.Scan(&p.Line, &p.Column, &p.Value, &p.Reason); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func acceptedRegions(ctx context.Context, q querier) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.region_code FROM checked c ANTI JOIN dup d ON c.line = d.line WHERE c.ok`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
