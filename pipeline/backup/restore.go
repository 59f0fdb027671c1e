package backup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/setara-pug/setara/pipeline/durable"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

// Check reads the manifest of the backup in dir and verifies it whole: every listed file
// present with its size and sha256, no file the manifest does not list, the warehouse among
// them. The first difference is the error, naming the file and what differs.
func Check(dir string) (Manifest, error) {
	body, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return Manifest{}, fmt.Errorf("backup %s: no readable %s (%w): not a setara backup, or an incomplete one", dir, ManifestName, err)
	}
	var m Manifest
	if err := json.Unmarshal(body, &m); err != nil || m.Warehouse == "" || len(m.Files) == 0 {
		return Manifest{}, fmt.Errorf("backup %s: %s is damaged (not the manifest setara writes)", dir, ManifestName)
	}
	listed := map[string]bool{ManifestName: true}
	for _, f := range m.Files {
		if !fs.ValidPath(f.Path) || strings.HasPrefix(f.Path, ".") {
			return Manifest{}, fmt.Errorf("backup %s: the manifest names %q, which is not a path inside the backup", dir, f.Path)
		}
		listed[f.Path] = true
		got, err := digest(filepath.Join(dir, filepath.FromSlash(f.Path)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return Manifest{}, fmt.Errorf("backup %s: %s is missing", dir, f.Path)
		case err != nil:
			return Manifest{}, fmt.Errorf("backup %s: %w", dir, err)
		case got.Size != f.Size:
			return Manifest{}, fmt.Errorf("backup %s: %s has %d bytes, the manifest says %d (truncated or replaced)", dir, f.Path, got.Size, f.Size)
		case got.SHA256 != f.SHA256:
			return Manifest{}, fmt.Errorf("backup %s: %s does not match its sha256 in the manifest (altered or damaged)", dir, f.Path)
		}
	}
	if !listed[m.Warehouse] {
		return Manifest{}, fmt.Errorf("backup %s: the manifest lists no warehouse file %s", dir, m.Warehouse)
	}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if !listed[filepath.ToSlash(rel)] {
			return fmt.Errorf("backup %s: %s is not in the manifest", dir, filepath.ToSlash(rel))
		}
		return nil
	})
	return m, err
}

// Restore checks the backup in from (Check) and places its warehouse at db and its snapshots
// in warehouse.PublishedDir(db). Neither may hold anything yet. The files are copied into
// temporary places beside their targets and renamed at the end: a refused or interrupted
// restore leaves nothing at db.
func Restore(ctx context.Context, from, db string) (Manifest, error) {
	m, err := Check(from)
	if err != nil {
		return m, err
	}
	published := warehouse.PublishedDir(db)
	if _, err := os.Stat(db); err == nil {
		return m, fmt.Errorf("restore: %s exists; restore into a new --db path (or move the file away first)", db)
	}
	if entries, err := os.ReadDir(published); err == nil && len(entries) > 0 {
		return m, fmt.Errorf("restore: %s is not empty; restore into a new --db path", published)
	}
	if err := os.MkdirAll(filepath.Dir(db), 0o755); err != nil {
		return m, fmt.Errorf("restore: %w", err)
	}
	tmpDB := db + ".restoring"
	tmpPub := published + ".restoring"
	os.RemoveAll(tmpPub)
	os.Remove(tmpDB)
	os.Remove(tmpDB + ".wal")
	defer func() { os.RemoveAll(tmpPub); os.Remove(tmpDB); os.Remove(tmpDB + ".wal") }()
	for _, f := range m.Files {
		if err := ctx.Err(); err != nil {
			return m, err
		}
		var dst string
		switch {
		case f.Path == m.Warehouse:
			dst = tmpDB
		case f.Path == m.Warehouse+".wal":
			dst = tmpDB + ".wal"
		case strings.HasPrefix(f.Path, "published/"):
			dst = filepath.Join(tmpPub, filepath.FromSlash(strings.TrimPrefix(f.Path, "published/")))
		default:
			return m, fmt.Errorf("restore: %s: the manifest names a file of no known place (%s)", from, path.Clean(f.Path))
		}
		got, err := copyTo(filepath.Join(from, filepath.FromSlash(f.Path)), dst)
		if err != nil {
			return m, fmt.Errorf("restore: %w", err)
		}
		if got.SHA256 != f.SHA256 {
			return m, fmt.Errorf("restore: %s changed while it was copied (sha256 differs from the manifest)", f.Path)
		}
	}
	if _, err := os.Stat(tmpPub); err == nil {
		os.Remove(published) // an empty directory, checked above
		if err := durable.Rename(tmpPub, published); err != nil {
			return m, fmt.Errorf("restore: %w", err)
		}
	}
	if _, err := os.Stat(tmpDB + ".wal"); err == nil {
		if err := durable.Rename(tmpDB+".wal", db+".wal"); err != nil {
			return m, fmt.Errorf("restore: %w", err)
		}
	}
	if err := durable.Rename(tmpDB, db); err != nil {
		return m, fmt.Errorf("restore: %w", err)
	}
	return m, nil
}

// digest is the size and sha256 of the file at p.
func digest(p string) (File, error) {
	f, err := os.Open(p)
	if err != nil {
		return File{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return File{}, fmt.Errorf("%s: %w", p, err)
	}
	return File{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// copyTo copies src to a new file dst (synced) and returns the size and sha256 of what it
// wrote.
func copyTo(src, dst string) (File, error) {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return File{}, err
	}
	in, err := os.Open(src)
	if err != nil {
		return File{}, err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return File{}, err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return File{}, fmt.Errorf("%s: %w", dst, err)
	}
	return File{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}
