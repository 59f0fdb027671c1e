package backup_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/setara-pug/setara/pipeline/backup"
	"github.com/setara-pug/setara/pipeline/internal/holdtest"
	"github.com/setara-pug/setara/pipeline/stages"
	"github.com/setara-pug/setara/pipeline/warehouse"
	"github.com/setara-pug/setara/pipeline/warehouse/warehousetest"
)

// published is a scratch warehouse with one loaded file and one published run, closed.
func published(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	s, err := warehousetest.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(s.Dir) })
	if _, err := s.Load(ctx, "uhh.csv", "region_code,year,indicator,sex,value\n1275,2024,life_expectancy,P,74.5\n"); err != nil {
		t.Fatal(err)
	}
	if _, err := stages.Run(ctx, s.Warehouse, stages.Options{Trigger: "test", Now: s.Now}); err != nil {
		t.Fatal(err)
	}
	if err := s.Warehouse.Close(); err != nil {
		t.Fatal(err)
	}
	return s.Warehouse.Path
}

func TestBackupRefusesWhileAWriterHoldsTheWarehouse(t *testing.T) {
	holdtest.Serve(func(path string) (io.Closer, error) { return warehouse.Open(context.Background(), path, time.Now) })
	db := published(t)
	cmd, _ := holdtest.Start(t, "TestBackupRefusesWhileAWriterHoldsTheWarehouse", db)
	out := filepath.Join(t.TempDir(), "b")
	_, err := backup.Write(context.Background(), backup.Options{DB: db, Out: out})
	var le *warehouse.LockedError
	if !errors.As(err, &le) || le.PID != cmd.Process.Pid {
		t.Fatalf("backup of a held warehouse: %v; want the holder %d named", err, cmd.Process.Pid)
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 0 {
		t.Errorf("a refused backup left %v", entries)
	}
}

func TestCheckRefusesDamagedBackups(t *testing.T) {
	db := published(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		damage func(dir string) error
		want   string
	}{
		{"whole", func(string) error { return nil }, ""},
		{"truncated snapshot", func(dir string) error {
			return os.Truncate(filepath.Join(dir, "published", "run-000001.duckdb"), 4096)
		}, "published/run-000001.duckdb has 4096 bytes, the manifest says"},
		{"altered byte", func(dir string) error {
			f, err := os.OpenFile(filepath.Join(dir, "warehouse", "setara.duckdb"), os.O_WRONLY, 0)
			if err != nil {
				return err
			}
			defer f.Close()
			_, err = f.WriteAt([]byte{0xFF}, 100)
			return err
		}, "warehouse/setara.duckdb does not match its sha256"},
		{"missing file", func(dir string) error { return os.Remove(filepath.Join(dir, "published", "CURRENT")) }, "published/CURRENT is missing"},
		{"extra file", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "published", "run-000009.duckdb"), []byte("x"), 0o644)
		}, "published/run-000009.duckdb is not in the manifest"},
		{"no manifest", func(dir string) error { return os.Remove(filepath.Join(dir, backup.ManifestName)) }, "no readable manifest.json"},
		{"garbled manifest", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, backup.ManifestName), []byte(`{"files": [`), 0o644)
		}, "manifest.json is damaged"},
	} {
		out := filepath.Join(t.TempDir(), "b")
		if _, err := backup.Write(ctx, backup.Options{DB: db, Out: out, Version: "test"}); err != nil {
			t.Fatal(err)
		}
		if err := tc.damage(out); err != nil {
			t.Fatal(err)
		}
		target := filepath.Join(t.TempDir(), "restored", "setara.duckdb")
		_, err := backup.Restore(ctx, out, target)
		if tc.want == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: restore said %v, want %q", tc.name, err, tc.want)
		}
		if entries, _ := os.ReadDir(filepath.Dir(target)); len(entries) != 0 {
			t.Errorf("%s: the refused restore left %v", tc.name, entries)
		}
	}
}
