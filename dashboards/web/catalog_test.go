package web

import (
	"context"
	"database/sql"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/setara-pug/setara/pipeline/snapshot"
)

// TestCatalogLoadedOncePerSnapshot: the pages of one snapshot share its catalog, and a new
// snapshot's pages show the new snapshot's catalog.
func TestCatalogLoadedOncePerSnapshot(t *testing.T) {
	store := fixtureStore(t, fixtureOptions{})
	h := NewHandler(store, Options{Now: fixedNow, Logger: testLogger(t)}).(*handler)
	for _, url := range []string{"/", "/?lang=en", "/wilayah", "/indikator", "/"} {
		if code, body, _ := get(t, h, url); code != http.StatusOK || !strings.Contains(body, "Kota Medan") {
			t.Fatalf("%s: %d", url, code)
		}
	}
	if n := h.catalogs.loads.Load(); n != 1 {
		t.Errorf("5 pages of one snapshot loaded the catalog %d times, want 1", n)
	}

	// Run 2 renames Kota Medan.
	dir := store.Dir()
	data, err := os.ReadFile(filepath.Join(dir, snapshot.Name(1)))
	if err != nil {
		t.Fatal(err)
	}
	next := filepath.Join(dir, snapshot.Name(2))
	if err := os.WriteFile(next, data, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("duckdb", next)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("UPDATE region SET name = 'Kota Medan Baru' WHERE region_code = '1275'"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := os.WriteFile(filepath.Join(dir, "CURRENT"), []byte(snapshot.Name(2)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if switched, err := store.Refresh(context.Background()); !switched || err != nil {
		t.Fatalf("Refresh = %v, %v", switched, err)
	}
	if code, body, _ := get(t, h, "/"); code != http.StatusOK || !strings.Contains(body, "Kota Medan Baru") {
		t.Errorf("after the switch: %d, renamed region shown: %v", code, strings.Contains(body, "Kota Medan Baru"))
	}
	if n := h.catalogs.loads.Load(); n != 2 {
		t.Errorf("catalog loaded %d times over two snapshots, want 2", n)
	}
}
