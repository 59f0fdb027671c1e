package warehousetest

import (
	"context"
	"os"
	"path/filepath"
	"time"

	"github.com/setara-pug/setara/pipeline/ingest"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

// Scratch is a warehouse in a temporary directory of its own.
type Scratch struct {
	*warehouse.Warehouse
	Dir string           // the temporary directory holding the warehouse and the input files
	Now func() time.Time // the warehouse's clock: 2026-11-29 02:00 UTC, always
}

// Open opens a fresh warehouse setara.duckdb in a new temporary directory.
func Open(ctx context.Context) (*Scratch, error) {
	dir, err := os.MkdirTemp("", "setara-example")
	if err != nil {
		return nil, err
	}
	now := func() time.Time { return time.Date(2026, 11, 29, 2, 0, 0, 0, time.UTC) }
	wh, err := warehouse.Open(ctx, filepath.Join(dir, "setara.duckdb"), now)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return &Scratch{Warehouse: wh, Dir: dir, Now: now}, nil
}

// Close closes the warehouse and removes its directory.
func (s *Scratch) Close() error {
	err := s.Warehouse.Close()
	os.RemoveAll(s.Dir)
	return err
}

// WriteFile writes content as the input file name in the scratch directory and returns its path.
func (s *Scratch) WriteFile(name, content string) (string, error) {
	path := filepath.Join(s.Dir, name)
	return path, os.WriteFile(path, []byte(content), 0o644)
}

// Load writes content as the input file name and loads it through ingest.LoadFile.
func (s *Scratch) Load(ctx context.Context, name, content string) (ingest.Result, error) {
	path, err := s.WriteFile(name, content)
	if err != nil {
		return ingest.Result{}, err
	}
	return ingest.LoadFile(ctx, s.DB, path, ingest.Options{Now: s.Now})
}
