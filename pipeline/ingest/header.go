package ingest

import (
	"context"
	"database/sql"
	"errors"
	"strings"
)

// header is what a reader learns before landing: the header fields, the line they are on,
// and a sample of data rows (for decimal-comma detection).
type header struct {
	fields []string
	line   int64 // physical line (XLSX: sheet row) of the header
	delim  string
	sample [][]string
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
