package backup

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/setara-pug/setara/pipeline/durable"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

// ManifestName is the manifest's file name inside a backup directory.
const ManifestName = "manifest.json"

// Manifest describes a backup: what wrote it, when, and every file with its size and sha256.
type Manifest struct {
	SetaraVersion string    `json:"setara_version"`
	SchemaVersion int       `json:"schema_version"`
	CreatedAt     time.Time `json:"created_at"`
	Warehouse     string    `json:"warehouse"` // the warehouse file's path inside the backup
	Files         []File    `json:"files"`
}

// File is one file of a backup, its path relative to the backup directory (slashes).
type File struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Options of Write.
type Options struct {
	DB      string           // the warehouse file; its snapshots are in warehouse.PublishedDir(DB)
	Out     string           // the backup directory to create; it must not exist
	Version string           // the setara version recorded in the manifest
	Now     func() time.Time // default time.Now
}

// Write copies the warehouse and its published directory into opts.Out with a manifest. It
// holds the warehouse read-only while it copies, so a writer cannot change it meanwhile (and a
// writer already holding it is a warehouse.LockedError). The copy is made in a temporary
// directory beside opts.Out and renamed into place whole: a backup that was cut short leaves
// no opts.Out.
func Write(ctx context.Context, opts Options) (Manifest, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if _, err := os.Stat(opts.Out); err == nil {
		return Manifest{}, fmt.Errorf("backup %s: already exists; give a new directory", opts.Out)
	}
	db, err := warehouse.OpenReadOnly(ctx, opts.DB)
	if err != nil {
		return Manifest{}, fmt.Errorf("backup: %w", err)
	}
	defer db.Close()
	version, err := warehouse.Version(ctx, db)
	if err != nil {
		return Manifest{}, fmt.Errorf("backup: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(opts.Out), 0o755); err != nil {
		return Manifest{}, fmt.Errorf("backup: %w", err)
	}
	// What a killed backup into the same place left: its own temporary directories.
	stale, _ := filepath.Glob(filepath.Join(filepath.Dir(opts.Out), "."+filepath.Base(opts.Out)+".partial-*"))
	for _, p := range stale {
		os.RemoveAll(p)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(opts.Out), "."+filepath.Base(opts.Out)+".partial-")
	if err != nil {
		return Manifest{}, fmt.Errorf("backup: %w", err)
	}
	defer os.RemoveAll(tmp) // gone after the rename; what is left of a failed backup otherwise
	m := Manifest{SetaraVersion: opts.Version, SchemaVersion: version, CreatedAt: opts.Now().UTC(),
		Warehouse: "warehouse/" + filepath.Base(opts.DB)}
	// The warehouse, and its write-ahead log if a writer left one (reading it does not fold it in).
	for _, src := range []string{opts.DB, opts.DB + ".wal"} {
		if _, err := os.Stat(src); errors.Is(err, fs.ErrNotExist) && src != opts.DB {
			continue
		}
		f, err := copyFile(ctx, src, tmp, "warehouse/"+filepath.Base(src))
		if err != nil {
			return Manifest{}, err
		}
		m.Files = append(m.Files, f)
	}
	published := warehouse.PublishedDir(opts.DB)
	err = filepath.WalkDir(published, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, ".tmp") || strings.HasSuffix(path, ".tmp.wal") {
			return err // a .tmp is a publish a crash cut short: not part of any snapshot
		}
		rel, err := filepath.Rel(published, path)
		if err != nil {
			return err
		}
		f, err := copyFile(ctx, path, tmp, "published/"+filepath.ToSlash(rel))
		m.Files = append(m.Files, f)
		return err
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return Manifest{}, fmt.Errorf("backup: %w", err)
	}
	sort.Slice(m.Files, func(i, j int) bool { return m.Files[i].Path < m.Files[j].Path })
	body, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return Manifest{}, fmt.Errorf("backup: %w", err)
	}
	if err := durable.WriteFile(filepath.Join(tmp, ManifestName), append(body, '\n'), 0o644); err != nil {
		return Manifest{}, fmt.Errorf("backup: %w", err)
	}
	if err := durable.Rename(tmp, opts.Out); err != nil {
		return Manifest{}, fmt.Errorf("backup: %w", err)
	}
	return m, nil
}

// copyFile copies src to root/rel (synced), returning its size and sha256.
func copyFile(ctx context.Context, src, root, rel string) (File, error) {
	if err := ctx.Err(); err != nil {
		return File{}, err
	}
	f, err := copyTo(src, filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		return File{}, fmt.Errorf("backup %s: %w", src, err)
	}
	f.Path = rel
	return f, nil
}
