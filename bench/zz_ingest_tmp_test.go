package bench

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/setara-pug/setara/pipeline/ingest"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

func TestZZIngest(t *testing.T) {
	dir := os.Getenv("DATA")
	if dir == "" {
		t.Skip()
	}
	ctx := context.Background()
	wh, err := warehouse.Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	if os.Getenv("LIMIT") != "" {
		wh.DB.Exec("SET memory_limit = ?", os.Getenv("LIMIT"))
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	for _, f := range []string{"regions.csv", os.Getenv("FILE")} {
		res, err := ingest.LoadFile(ctx, wh.DB, filepath.Join(dir, f), ingest.Options{Now: time.Now, Logger: log})
		if err != nil {
			t.Fatal(err)
		}
		t.Log(res.Summary())
	}
}
