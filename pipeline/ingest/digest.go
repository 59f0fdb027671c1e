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
	"os"
	"sync"
)

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

// unchanged starts the digest. It runs beside DuckDB's read unless an earlier batch of the
// same size and kind might be this very file: then it runs first, and done is true when a
// byte-identical file of the kind is loaded already (res says so; nothing is to be done).
func (l *loader) unchanged(ctx context.Context) (done bool, err error) {
	var earlier int64
	if err := l.conn.QueryRowContext(ctx, sqlFile("batch_same_size.sql"), l.size, l.spec.name).Scan(&earlier); err != nil {
		return false, fmt.Errorf("%s: %w", l.path, err)
	}
	digestc := make(chan digest, 1)
	l.digest = sync.OnceValue(func() digest { return <-digestc })
	if earlier == 0 && !l.opts.DryRun {
		go func() { digestc <- digestFile(l.path) }()
		return false, nil
	}
	d := digestFile(l.path)
	digestc <- d
	if d.err != nil || l.opts.DryRun {
		return false, nil
	}
	var id sql.NullInt64
	if err := l.conn.QueryRowContext(ctx, sqlFile("batch_same_sha.sql"), d.sha, l.spec.name).Scan(&id); err != nil {
		return false, fmt.Errorf("%s: %w", l.path, err)
	}
	if !id.Valid {
		return false, nil
	}
	l.res.Unchanged, l.res.Status, l.res.BatchID = true, "unchanged", id.Int64
	return true, nil
}

// sum waits for the digest; a file that could not be read through is the file's fault.
func (l *loader) sum() (digest, error) {
	d := l.digest()
	if d.err != nil {
		return d, fileError(l.path, "%v", unwrapPathError(d.err))
	}
	return d, nil
}
