package refresh

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/setara-pug/setara/pipeline/durable"
	"github.com/setara-pug/setara/pipeline/ingest"
)

// Subdirectories of the inbox that hold the files a refresh has taken.
const (
	ProcessedDir = "processed"
	FailedDir    = "failed"
)

// DefaultSettle is how long a file must stay unchanged before a refresh takes it.
const DefaultSettle = 30 * time.Second

// loadableExt are the file kinds ingest reads; other files in the inbox are left alone.
var loadableExt = map[string]bool{".csv": true, ".xlsx": true, ".parquet": true}

// temporarySuffixes mark files that a writer has not finished (browsers, rsync, editors, scp).
var temporarySuffixes = []string{".tmp", ".part", ".partial", ".crdownload", ".download", ".swp", ".filepart"}

// UploadPrefix starts the names of the files the server stores from uploads (setara serve,
// /unggah): written under a hidden temporary name and renamed whole, they are taken without
// waiting for --settle.
const UploadPrefix = "unggah-"

// Candidate is a file found in the inbox.
type Candidate struct {
	Path    string
	Name    string
	Size    int64
	ModTime time.Time
	rank    int // ingest.LoadRank of the file's kind as its name and header suggest
}

// observation is what an earlier scan saw of a file, to notice a file that grows while its
// modification time stays old (e.g. a copy that preserves times).
type observation struct {
	size    int64
	modTime time.Time
	since   time.Time // when this size and time were first seen
}

// scan lists the inbox. It returns the complete files to take, regions files first then by
// name, and the names of the loadable files left for later because they are still being
// written. seen (may be nil) remembers sizes across scans and is updated.
func scan(dir string, now time.Time, settle time.Duration, seen map[string]observation) (take []Candidate, waiting []string, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("inbox %s: %w", dir, err)
	}
	present := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || isTemporaryName(name) || !loadableExt[strings.ToLower(filepath.Ext(name))] {
			continue
		}
		info, err := e.Info()
		if errors.Is(err, fs.ErrNotExist) {
			continue // moved away between ReadDir and Info
		}
		if err != nil {
			return nil, nil, fmt.Errorf("inbox %s: %w", dir, err)
		}
		path := filepath.Join(dir, name)
		present[path] = true
		// an upload is renamed into the inbox whole by the server: it is complete at once
		if !strings.HasPrefix(name, UploadPrefix) && !settled(path, info.Size(), info.ModTime(), now, settle, seen) {
			waiting = append(waiting, name)
			continue
		}
		take = append(take, Candidate{Path: path, Name: name, Size: info.Size(), ModTime: info.ModTime(), rank: loadRank(path)})
	}
	for p := range seen {
		if !present[p] {
			delete(seen, p)
		}
	}
	sort.Slice(take, func(i, j int) bool {
		if take[i].rank != take[j].rank {
			return take[i].rank < take[j].rank
		}
		return take[i].Name < take[j].Name
	})
	return take, waiting, nil
}

// settled reports whether a file has been left alone for settle: its modification time is at
// least settle old and, if an earlier scan saw another size or time, that change is too.
func settled(path string, size int64, mod, now time.Time, settle time.Duration, seen map[string]observation) bool {
	since := mod
	if seen != nil {
		o, ok := seen[path]
		switch {
		case !ok:
			o = observation{size: size, modTime: mod, since: mod}
		case o.size != size || !o.modTime.Equal(mod):
			o = observation{size: size, modTime: mod, since: now}
		}
		seen[path] = o
		if o.since.After(since) {
			since = o.since
		}
	}
	return !now.Before(since.Add(settle))
}

func isTemporaryName(name string) bool {
	if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") || strings.HasPrefix(name, "~") || strings.HasSuffix(name, "~") {
		return true
	}
	lower := strings.ToLower(name)
	for _, s := range temporarySuffixes {
		if strings.HasSuffix(lower, s) {
			return true
		}
	}
	return false
}

// loadRank guesses a file's ingest.LoadRank from its name and header, so that a regions file
// loads before the facts that refer to them and a gbs file after the programs whose
// activities it names: a name that says regions (wilayah) or gbs; else a CSV whose header has
// region_code, level and parent_code and no year, or gap_factors (or their Indonesian names).
func loadRank(path string) int {
	lower := strings.ToLower(filepath.Base(path))
	switch {
	case strings.Contains(lower, "region") || strings.Contains(lower, "wilayah"):
		return ingest.LoadRank("regions")
	case strings.Contains(lower, "gbs"):
		return ingest.LoadRank("gbs")
	case filepath.Ext(lower) != ".csv":
		return ingest.LoadRank("")
	}
	f, err := os.Open(path)
	if err != nil {
		return ingest.LoadRank("")
	}
	defer f.Close()
	line, _ := bufio.NewReaderSize(f, 4096).ReadSlice('\n')
	line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
	cols := map[string]bool{}
	for _, c := range strings.FieldsFunc(strings.ToLower(string(line)), func(r rune) bool { return r == ',' || r == ';' }) {
		cols[strings.Trim(strings.TrimSpace(c), `"`)] = true
	}
	// the contract's column names, in English or Indonesian (data/columns.csv)
	switch {
	case (cols["region_code"] || cols["kode_wilayah"]) && (cols["level"] || cols["tingkat"]) &&
		(cols["parent_code"] || cols["kode_induk"]) && !cols["year"] && !cols["tahun"]:
		return ingest.LoadRank("regions")
	case cols["gap_factors"] || cols["faktor_kesenjangan"]:
		return ingest.LoadRank("gbs")
	}
	return ingest.LoadRank("")
}

// moveTo renames the file src into dir (created if needed) under its own name, or NAME-2.EXT,
// NAME-3.EXT... when that is taken, and returns the new path. The move survives a crash.
func moveTo(src, dir string) (string, error) {
	dest, err := freeName(dir, filepath.Base(src))
	if err != nil {
		return "", err
	}
	return dest, durable.Rename(src, dest)
}

// freeName creates dir and returns a path in it for name that no file uses yet.
func freeName(dir, name string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for i := 1; ; i++ {
		candidate := name
		if i > 1 {
			candidate = stem + "-" + strconv.Itoa(i) + ext
		}
		p := filepath.Join(dir, candidate)
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			return p, nil
		} else if err != nil {
			return "", err
		}
	}
}

// writeErrors writes problems as CSV (line, column, value, reason) to path, atomically.
func writeErrors(path string, problems []ingest.Problem) error {
	return durable.Write(path, 0o644, func(out io.Writer) error {
		w := csv.NewWriter(out)
		w.Write([]string{"line", "column", "value", "reason"})
		for _, p := range problems {
			line := ""
			if p.Line > 0 {
				line = strconv.FormatInt(p.Line, 10)
			}
			w.Write([]string{line, p.Column, p.Value, p.Reason})
		}
		w.Flush()
		return w.Error()
	})
}
